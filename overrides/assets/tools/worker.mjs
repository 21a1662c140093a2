// The decision tools' Python, in a module worker: self-hosted Pyodide running tools_py from its wheel.
//
// Protocol (all messages are plain objects):
//   page -> worker  {type: "init", pyodide: URL of pyodide.mjs, indexURL: its folder, wheel: URL of the wheel}
//                   {type: "request", id: n, request: {op: "form", tool, school, date, answers, audience}}
//   worker -> page  {type: "progress", step: 1|2, steps: 3, message}
//                   {type: "ready", python: "3.x.y", ms: {boot, tools}, snapshot: "made"|"restored"|"none"}
//                   {type: "reply", id: n, reply: <tools_py.api.handle's reply>}  or  {type: "reply", id: n, error}
//                   {type: "error", stage: "Python"|"the tools", message}   (start-up failed; nothing more comes)
// Requests that arrive before the tools are ready wait for them. No rule lives here: every answer is
// tools_py.api.handle_json's, the same function the command line and the tests call.

let handle = null;
let starting = null;
let stage = "Python";

function post(message) {
  self.postMessage(message);
}

function describe(error) {
  if (!error) return "unknown error";
  const text = error.message || String(error);
  return text.split("\n").filter(Boolean).slice(-1)[0] || text;
}

async function fetchWheel(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the tools could not be fetched (HTTP ${response.status})`);
  return response.arrayBuffer();
}

// A returning reader's Python starts from a memory snapshot of the booted interpreter, taken on the
// first visit (about 20 ms, before any of our code runs in it) and kept in Cache Storage under the
// address of Pyodide's versioned folder: restoring it takes a fraction of a second where a boot takes
// seconds. Snapshots are a private Pyodide option (_makeSnapshot / makeMemorySnapshot / _loadSnapshot,
// 314.x); any failure falls back to a normal boot and forgets the snapshot.
const SNAPSHOTS = "handbook-python-snapshots";

async function savedSnapshot(key) {
  try {
    const found = await (await caches.open(SNAPSHOTS)).match(key);
    return found ? new Uint8Array(await found.arrayBuffer()) : null;
  } catch {
    return null;  // no Cache Storage (a page served over plain HTTP from another host): boot normally
  }
}

async function keepSnapshot(key, snapshot) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    for (const old of await cache.keys()) await cache.delete(old);  // one Pyodide version at a time
    await cache.put(key, new Response(snapshot, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch {
    // storage full or unavailable: the next visit boots normally
  }
}

async function forgetSnapshot(key) {
  try {
    await (await caches.open(SNAPSHOTS)).delete(key);
  } catch {
    // nothing to forget
  }
}

function snapshotKey(indexURL) {
  return new URL("python-snapshot", indexURL).href;
}

async function bootPython(loadPyodide, indexURL, saved) {
  const key = snapshotKey(indexURL);
  const snapshot = await saved;
  if (snapshot) {
    try {
      return { pyodide: await loadPyodide({ indexURL, packages: [], _loadSnapshot: snapshot }), snapshot: "restored" };
    } catch {
      await forgetSnapshot(key);
    }
  }
  const pyodide = await loadPyodide({ indexURL, packages: [], _makeSnapshot: true });
  let made = null;
  try {
    made = pyodide.makeMemorySnapshot();
  } catch {
    // no snapshot this time; the interpreter itself is fine
  }
  // Stored once the first answer is out, so the copy does not delay it.
  if (made) setTimeout(() => keepSnapshot(key, made), 1000);
  return { pyodide, snapshot: made ? "made" : "none" };
}

async function start({ pyodide: pyodideURL, indexURL, wheel }) {
  const began = performance.now();
  post({ type: "progress", step: 1, steps: 3, message: "Loading Python…" });
  // The wheel (the tools and the policy data) downloads while Python boots, not after it.
  const tools = fetchWheel(wheel);
  tools.catch(() => {});  // reported when awaited below, not as an unhandled rejection meanwhile
  const saved = savedSnapshot(snapshotKey(indexURL));  // read from Cache Storage while Pyodide's code loads
  const { loadPyodide } = await import(pyodideURL);
  // Only the core: no loadPackage (a failed one resolves silently) and nothing from another host.
  // The site's pyodide-lock.json lists no package (tools_py/site/vendor.py), so it costs a few bytes.
  const { pyodide, snapshot } = await bootPython(loadPyodide, indexURL, saved);
  const booted = performance.now();
  stage = "the tools";
  post({ type: "progress", step: 2, steps: 3, message: "Loading the tools…" });
  pyodide.unpackArchive(await tools, "wheel");
  const api = pyodide.pyimport("tools_py.api");
  api.load_data();
  handle = api.handle_json;
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  post({ type: "ready", python: version, ms: { boot: booted - began, tools: performance.now() - booted }, snapshot });
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (!starting) {
      starting = start(message).catch((error) => {
        post({ type: "error", stage, message: describe(error) });
        throw error;
      });
    }
    return;
  }
  if (message.type === "request") {
    try {
      if (!starting) throw new Error("the worker was not started");
      await starting;
      post({ type: "reply", id: message.id, reply: JSON.parse(handle(JSON.stringify(message.request))) });
    } catch (error) {
      post({ type: "reply", id: message.id, error: describe(error) });
    }
  }
});

// Pyodide reports some start-up failures (a .wasm that cannot be fetched or compiled) only as an
// uncaught error or rejection, leaving loadPyodide pending: report those as a failed start.
function startFailed(event) {
  if (handle) return;
  const reason = event.reason || event.error || event.message;
  post({ type: "error", stage, message: describe(reason) });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  startFailed(event);
});
self.addEventListener("error", (event) => {
  event.preventDefault();
  startFailed(event);
});
