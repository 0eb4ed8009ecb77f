// Plan Pulse on Azure: one web app (Linux, Node 20), its Table storage, an Azure Bot with the Teams channel, and
// one user-assigned managed identity that is both the bot's identity and the app's key to the tables.
// No secret is created or stored anywhere: the bot authenticates as the identity (UserAssignedMSI), and storage
// refuses account keys (allowSharedKeyAccess: false) and accepts the identity's token through RBAC.
// Deploy: see docs/deploy.md. Tested (without a Bicep compiler) by test/infra/infra.test.ts.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

@description('Azure region for every regional resource (the bot itself is global). Defaults to the resource group\'s region.')
param location string = resourceGroup().location

@description('Short lower-case name every resource name starts with (3-12 letters or digits).')
@minLength(3)
@maxLength(12)
param baseName string = 'planpulse'

@description('Web app name: the bot\'s public host becomes <webAppName>.azurewebsites.net, so it must be globally unique.')
@minLength(2)
@maxLength(60)
param webAppName string = '${baseName}-${uniqueString(resourceGroup().id)}'

@description('Storage account name: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param storageAccountName string = take(toLower('${baseName}${uniqueString(resourceGroup().id)}'), 24)

@description('Azure Bot resource name (its handle; the display name in Teams comes from the app package).')
@minLength(2)
@maxLength(64)
param botName string = '${baseName}-bot-${uniqueString(resourceGroup().id)}'

@description('App Service plan SKU. B1 is the smallest with always on (the scheduler sends reminders, so the app must stay awake); F1 is accepted for a trial, without always on.')
@allowed([
  'F1'
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
])
param appServiceSku string = 'B1'

@description('Storage redundancy. LRS is enough for a plan store that can be re-seeded from the plan files; ZRS survives a zone outage.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_LRS'

@description('Azure Bot pricing tier. F0 is free and Teams is a standard channel (unlimited messages); S1 only matters for premium channels.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Public host name of the bot without https:// (BOT_DOMAIN). Empty: the web app\'s own <webAppName>.azurewebsites.net.')
param botDomain string = ''

@description('Application (client) id of the Entra app registration for the tab\'s Teams single sign-on (TAB_SSO_CLIENT_ID). Empty until you create it (docs/deploy.md); the bot works without it, the tab answers "sign-in is not configured".')
param tabSsoClientId string = ''

@description('Prefix of the table names (PULSE_TABLE_PREFIX): letters and digits, starting with a letter.')
@minLength(1)
@maxLength(21)
param tablePrefix string = 'pulse'

@description('Days the Log Analytics workspace keeps logs and Application Insights telemetry (30 days are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags put on every resource, e.g. {"service": "plan-pulse", "owner": "children-services"}.')
param tags object = {}

// ---------------------------------------------------------------------------------------------------------------
// Derived values
// ---------------------------------------------------------------------------------------------------------------

// Built-in role "Storage Table Data Contributor": read, write and delete tables and entities, nothing else.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// The host Teams and users reach; the web app's own host unless a custom domain is put in front.
var publicHost = empty(botDomain) ? '${webAppName}.azurewebsites.net' : botDomain

// Names of the resources nobody needs to choose, unique per resource group.
var suffix = uniqueString(resourceGroup().id)

// Free (F1) plans cannot keep an app always on.
var alwaysOn = appServiceSku != 'F1'

// ---------------------------------------------------------------------------------------------------------------
// Identity: the bot's identity and the app's access to storage, with no secret to rotate
// ---------------------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id-${suffix}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: Table service only; no keys, no anonymous access, TLS 1.2+, https only
// ---------------------------------------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app reaches the tables with its managed identity; account keys and SAS built from them are refused.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    accessTier: 'Hot'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The app creates its own tables on start (pulse* by default), so the role covers the account's Table service.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Plan Pulse reads and writes its tables with its managed identity.'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Monitoring: workspace-based Application Insights
// ---------------------------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-insights-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The web app: Linux, Node 20, https only, health-checked
// ---------------------------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${baseName}-plan-${suffix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The built package: no build on the server, no `npm start` (which would compile first).
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: alwaysOn
      healthCheckPath: '/api/health'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        // Read by src/config.ts.
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          name: 'STORAGE_TABLE_ENDPOINT'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'PULSE_TABLE_PREFIX'
          value: tablePrefix
        }
        {
          name: 'HOST'
          value: '0.0.0.0'
        }
        {
          name: 'BOT_DOMAIN'
          value: publicHost
        }
        {
          name: 'TAB_SSO_CLIENT_ID'
          value: tabSsoClientId
        }
        {
          name: 'PULSE_SEED_DEMO'
          value: 'false'
        }
        // Read by the app (src/config.ts): it exports its own metrics and spans there through OpenTelemetry. App Service's
        // codeless Node agent (ApplicationInsightsAgent_EXTENSION_VERSION) stays off: it would report the same requests twice.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        // Read by the platform: the zip is the built app; mount it read-only instead of building on the server.
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
  dependsOn: [
    // The app creates its tables on start: the role must exist first, or the first start fails with 403.
    tableDataContributor
    tableService
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// The bot: Azure Bot on the managed identity, with the Teams channel
// ---------------------------------------------------------------------------------------------------------------

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botName
    endpoint: 'https://${publicHost}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs: what `npm run package` and the docs' next steps need (no secrets)
// ---------------------------------------------------------------------------------------------------------------

@description('The web app\'s host name, e.g. planpulse-abc123.azurewebsites.net.')
output webAppHost string = webApp.properties.defaultHostName

@description('The public host the bot and tab are reached at (BOT_DOMAIN for npm run package).')
output botDomain string = publicHost

@description('The bot\'s Microsoft App ID (MicrosoftAppId for npm run package): the managed identity\'s client id.')
output botId string = bot.properties.msaAppId

@description('Resource id of the Azure Bot.')
output botResourceId string = bot.id

@description('Client id of the user-assigned managed identity (the bot\'s identity and the app\'s storage identity).')
output identityClientId string = identity.properties.clientId

@description('Storage account holding the tables.')
output storageAccountName string = storage.name

@description('Web app name, for az webapp deploy.')
output webAppName string = webApp.name
