// Preloaded into the bench's Azurite process (node --require): makes the emulator's point lookups use its RowKey index.
//
// Azurite keeps each table in one LokiJS collection indexed on PartitionKey and on RowKey, and finds an entity with
// findOne({ PartitionKey, RowKey }). LokiJS uses an index only for the first field of a query, so that lookup takes
// every row of the partition from the PartitionKey index and compares RowKeys one by one: each insert, upsert or
// point read costs O(rows in the partition). Plan Pulse keeps a tenant's ~50,000 item rows in one partition, so
// loading the bench tenant would be quadratic (over 15 minutes). Asking for RowKey first gives the same entity
// (an AND does not depend on its order) in O(log n), as Azure's own point lookups are.
//
// Queries (listEntities) do not use findOne and are left exactly as Azurite runs them: each page still evaluates the
// filter against every row of the table (see docs/benchmarks.md), for the app and for the floor alike.

type Query = Record<string, unknown>;
interface LokiCollection {
  binaryIndices: Record<string, unknown>;
  findOne(query: Query): unknown;
}

function patch(): void {
  // Resolve LokiJS as Azurite does, so the module (and its prototype) is the one Azurite loads.
  const azuriteMain = require.resolve("azurite/dist/src/table/main.js");
  const loki = require(require.resolve("lokijs", { paths: [azuriteMain] })) as { Collection: { prototype: LokiCollection & { __pointLookupPatched?: boolean } } };
  const proto = loki.Collection.prototype;
  if (proto.__pointLookupPatched) return;
  const original = proto.findOne;
  proto.findOne = function (this: LokiCollection, query: Query): unknown {
    if (query && typeof query === "object" && this.binaryIndices.RowKey) {
      const names = Object.keys(query);
      const rowKey = query.RowKey;
      // LokiJS's index compares numeric-looking strings as numbers ("1" = "1.0"); keep those on the original path.
      if (names.length === 2 && names[0] === "PartitionKey" && names[1] === "RowKey" && typeof rowKey === "string" && rowKey !== "" && Number.isNaN(Number(rowKey))) {
        return original.call(this, { RowKey: rowKey, PartitionKey: query.PartitionKey });
      }
    }
    return original.call(this, query);
  };
  proto.__pointLookupPatched = true;
}

patch();
