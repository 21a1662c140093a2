// Runs tools_py inside real Pyodide (the npm package, offline) and answers a list of requests.
// usage: node run_requests.mjs WHEEL REQUESTS.json OUT.json [--from-snapshot]
// Each request is what the browser's worker sends; each answer is tools_py.api.handle's reply.
//
// With --from-snapshot the requests are answered as a returning reader's browser answers them
// (overrides/assets/tools/worker.mjs): on the first visit Python boots, unpacks the wheel and answers
// the first request; then it runs tools_py.api.prepare() and a memory snapshot is taken. A second
// interpreter is restored from that snapshot alone, without the wheel's files, and answers them all.
import { readFile, writeFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const [wheelPath, requestsPath, outPath, mode] = process.argv.slice(2);
const fromSnapshot = mode === "--from-snapshot";
const started = performance.now();
let pyodide = await loadPyodide({ packages: [], _makeSnapshot: fromSnapshot });
const booted = performance.now();
// A plain Uint8Array: Pyodide does not accept a Node Buffer here.
pyodide.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel");
const requests = JSON.parse(await readFile(requestsPath, "utf8"));
const timings = { boot: booted - started };
if (fromSnapshot) {
  pyodide.pyimport("tools_py.api").handle_json(JSON.stringify(requests[0]));  // the first visit's answer
  pyodide.runPython("import tools_py.api; tools_py.api.prepare()");
  const snapshot = pyodide.makeMemorySnapshot();
  const restoring = performance.now();
  pyodide = await loadPyodide({ packages: [], _loadSnapshot: snapshot });
  timings.restore = performance.now() - restoring;
  const unpacked = pyodide.runPython("import os, sys; [p for p in sys.path if os.path.isdir(os.path.join(p, 'tools_py'))]");
  if (unpacked.length) throw new Error(`the restored interpreter still has the wheel's files in ${unpacked}`);
}
const handle = pyodide.pyimport("tools_py.api").handle_json;
const loaded = performance.now();
timings.load_tools = loaded - booted;
const replies = requests.map((request) => JSON.parse(handle(JSON.stringify(request))));
timings.answer_all = performance.now() - loaded;
await writeFile(outPath, JSON.stringify({
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  timings_ms: timings,
  replies,
}));
