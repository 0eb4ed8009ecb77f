// The browser helper itself: the system Chromium or a clear way to get one, never a download; artefact names.
import assert from "node:assert/strict";
import { artifactName, chromiumPath, DEFAULT_CHROMIUM_PATH, launchBrowser } from "../support/browser";

describe("browser: launching Chromium", () => {
  it("uses /usr/bin/chromium unless CHROMIUM_PATH says otherwise", () => {
    assert.equal(chromiumPath({}), DEFAULT_CHROMIUM_PATH);
    assert.equal(chromiumPath({ CHROMIUM_PATH: "  " }), DEFAULT_CHROMIUM_PATH);
    assert.equal(chromiumPath({ CHROMIUM_PATH: "/opt/chrome/chrome" }), "/opt/chrome/chrome");
  });

  it("fails with how to install Chromium when there is none, and downloads nothing", async () => {
    await assert.rejects(launchBrowser({ CHROMIUM_PATH: "/nonexistent/chromium" }), (e: Error) => {
      assert.match(e.message, /there is none at \/nonexistent\/chromium \(from CHROMIUM_PATH\)/);
      assert.match(e.message, /apt-get install chromium/);
      assert.match(e.message, /never download/);
      return true;
    });
  });

  it("fails clearly when the file is there but is no browser", async () => {
    await assert.rejects(launchBrowser({ CHROMIUM_PATH: "/bin/false" }), (e: Error) => {
      assert.match(e.message, /^Chromium at \/bin\/false \(from CHROMIUM_PATH\) would not start/);
      assert.match(e.message, /apt-get install chromium/);
      return true;
    });
  });

  it("names artefacts after the test, safe for any file system", () => {
    assert.equal(artifactName("browser: the playground answers “what's red?”"), "browser-the-playground-answers-what-s-red");
    assert.equal(artifactName("///"), "unnamed");
    assert.ok(artifactName("x ".repeat(200)).length <= 120);
    assert.equal(artifactName("x ".repeat(200), "Prompt card").slice(-13), "--prompt-card", "a step survives a long title");
  });
});
