// The decision tools' Python, in a module worker: self-hosted Pyodide running tools_py from its wheel.
//
// The worker's own address names Pyodide and the wheel, relative to the worker
// (tools_py/site/tool_pages.py, worker_address):
//   worker.mjs?pyodide=../vendor/pyodide-<version>/pyodide.mjs&wheel=tools_py-….whl?v=<hash>
// so Python starts booting as soon as this script runs. (A first message from the page would wait
// until the page's main thread is free to pass it on: 100-200 ms on a tool page's first load here.)
//
// Protocol (all messages are plain objects):
//   page -> worker  {type: "request", id: n, request: {op: "form", tool, school, date, answers, audience}}
//   worker -> page  {type: "progress", step: 1|2, steps: 3, message, loaded?, total?}
//                   (loaded/total: bytes of Pyodide's download so far, and in all; see countDownloads)
//                   {type: "ready", python: "3.x.y", ms: {start}, snapshot: "restored"|"booted"}
//                   {type: "reply", id: n, reply: <tools_py.api.handle's reply>}  or  {type: "reply", id: n, error}
//                   {type: "error", stage: "Python"|"the tools", message}   (start-up failed; nothing more comes)
// Requests that arrive before the tools are ready wait for them. No rule lives here: every answer is
// tools_py.api.handle_json's, the same function the command line and the tests call.

let handle = null;
let stage = "Python";

function post(message) {
  self.postMessage(message);
}

function describe(error) {
  if (!error) return "unknown error";
  const text = error.message || String(error);
  return text.split("\n").filter(Boolean).slice(-1)[0] || text;
}

// How far the download is: Pyodide fetches its WebAssembly and its standard library with fetch(), so
// fetch is wrapped here to count the bytes of each response as they arrive (the body is passed on
// unchanged, so WebAssembly still compiles while it streams in). The total is given in the worker's
// address (bytes=, written at build time from the files' sizes); a progress message goes out at most
// every 250 ms. Only this worker's own fetches are counted; nothing else changes.
const PROGRESS_MS = 250;

function countDownloads(total, report) {
  if (!total || typeof self.fetch !== "function" || typeof ReadableStream !== "function") return;
  const original = self.fetch.bind(self);
  let loaded = 0;
  let last = 0;
  const tell = (force) => {
    const now = performance.now();
    if (force || now - last >= PROGRESS_MS) {
      last = now;
      report(Math.min(loaded, total), total);
    }
  };
  self.fetch = async (...args) => {
    const response = await original(...args);
    if (!response.ok || !response.body) return response;
    const reader = response.body.getReader();
    const counted = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          tell(true);
          controller.close();
          return;
        }
        loaded += value.byteLength;
        tell(false);
        controller.enqueue(value);
      },
      cancel(reason) { return reader.cancel(reason); },
    });
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

async function fetchWheel(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the tools could not be fetched (HTTP ${response.status})`);
  return response.arrayBuffer();
}

// A returning reader's Python starts from a memory snapshot kept in Cache Storage by the first visit:
// the interpreter as it was once booted with the tools imported and the policy data loaded
// (tools_py.api.prepare), taken in about 20 ms just after the first answer. Restoring it takes a fraction
// of a second where a boot takes seconds. A snapshot holds Python's memory but not the wheel's files,
// which is why prepare() imports everything first; it is kept under the addresses of Pyodide's
// versioned folder and of the wheel (which carries its content hash), so a new Pyodide or new tools
// make a new one. Snapshots are a private Pyodide option (_makeSnapshot / makeMemorySnapshot /
// _loadSnapshot, 314.x); any failure falls back to a normal boot and forgets the snapshot.
const SNAPSHOTS = "handbook-python-snapshots";

function snapshotKey(indexURL, wheel) {
  return new URL(`python-snapshot?tools=${encodeURIComponent(wheel)}`, indexURL).href;
}

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
    for (const old of await cache.keys()) await cache.delete(old);  // one version of Pyodide and the tools
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

// Python from the snapshot, with the tools ready; null when there is none or it cannot be used.
async function restorePython(loadPyodide, indexURL, key, saved) {
  const snapshot = await saved;
  if (!snapshot) return null;
  try {
    const pyodide = await loadPyodide({ indexURL, packages: [], _loadSnapshot: snapshot });
    if (!pyodide.runPython("import sys; 'tools_py.api' in sys.modules")) throw new Error("a snapshot without the tools");
    return pyodide;
  } catch {
    await forgetSnapshot(key);
    return null;
  }
}

// Set on a first visit: takes the snapshot and stores it, once the first answer is out.
let keepForNextVisit = null;

async function bootPython(loadPyodide, indexURL, key, tools) {
  const pyodide = await loadPyodide({ indexURL, packages: [], _makeSnapshot: true });
  stage = "the tools";
  post({ type: "progress", step: 2, steps: 3, message: "Loading the tools and the policy data" });
  pyodide.unpackArchive(await tools, "wheel");
  // Importing the other tools (about 40 ms) and taking the snapshot (about 20 ms) wait until the
  // first answer is out, so that they do not delay it.
  keepForNextVisit = () => {
    try {
      pyodide.runPython("import tools_py.api; tools_py.api.prepare()");
      keepSnapshot(key, pyodide.makeMemorySnapshot());
    } catch {
      // no snapshot this time; the interpreter itself is fine and the next visit boots normally
    }
  };
  return pyodide;
}

async function start(given) {
  const began = performance.now();
  if (!given.get("pyodide") || !given.get("wheel")) throw new Error("the worker's address does not say where Pyodide and the tools are");
  const pyodideURL = new URL(given.get("pyodide"), import.meta.url).href;
  const wheel = new URL(given.get("wheel"), import.meta.url).href;
  const indexURL = new URL(".", pyodideURL).href;
  post({ type: "progress", step: 1, steps: 3, message: "Downloading Python" });
  countDownloads(Number(given.get("bytes")) || 0, (loaded, total) => {
    if (stage === "Python") post({ type: "progress", step: 1, steps: 3, message: loaded < total ? "Downloading Python" : "Starting Python", loaded, total });
  });
  const key = snapshotKey(indexURL, wheel);
  const saved = savedSnapshot(key);  // read from Cache Storage while Pyodide's code loads
  // The wheel (the tools and the policy data) downloads while Python boots, not after it; a
  // restored snapshot already holds the tools and does not need it.
  const tools = saved.then((snapshot) => (snapshot ? null : fetchWheel(wheel)));
  tools.catch(() => {});  // reported when awaited in bootPython, not as an unhandled rejection meanwhile
  const { loadPyodide } = await import(pyodideURL);
  // Only the core: no loadPackage (a failed one resolves silently) and nothing from another host.
  // The site's pyodide-lock.json lists no package (tools_py/site/vendor.py), so it costs a few bytes.
  if (await saved) post({ type: "progress", step: 1, steps: 3, message: "Starting Python from this browser's copy" });
  let pyodide = await restorePython(loadPyodide, indexURL, key, saved);
  const snapshot = pyodide ? "restored" : "booted";
  if (!pyodide) {
    const wheelBytes = tools.then((bytes) => bytes || fetchWheel(wheel));  // a snapshot that could not be used
    wheelBytes.catch(() => {});
    pyodide = await bootPython(loadPyodide, indexURL, key, wheelBytes);
  }
  stage = "the tools";
  handle = pyodide.pyimport("tools_py.api").handle_json;
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  post({ type: "ready", python: version, ms: { start: performance.now() - began }, snapshot });
}

const starting = start(new URL(import.meta.url).searchParams).catch((error) => {
  post({ type: "error", stage, message: describe(error) });
  throw error;  // so that a request waiting for the start gets an error reply
});
starting.catch(() => {});  // reported above, once; not again as an unhandled rejection

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "request") {
    try {
      await starting;
      post({ type: "reply", id: message.id, reply: JSON.parse(handle(JSON.stringify(message.request))) });
    } catch (error) {
      post({ type: "reply", id: message.id, error: describe(error) });
    }
    if (keepForNextVisit) {
      const keep = keepForNextVisit;
      keepForNextVisit = null;
      setTimeout(keep, 0);  // after this reply has gone, while the reader reads it
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
