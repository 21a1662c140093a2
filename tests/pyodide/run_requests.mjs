// Runs tools_py inside real Pyodide (the npm package, offline) and answers a list of requests.
// usage: node run_requests.mjs WHEEL REQUESTS.json OUT.json
// Each request is what the browser's worker sends; each answer is tools_py.api.handle's reply.
import { readFile, writeFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const [wheelPath, requestsPath, outPath] = process.argv.slice(2);
const started = performance.now();
const pyodide = await loadPyodide();
const booted = performance.now();
// A plain Uint8Array: Pyodide does not accept a Node Buffer here.
pyodide.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel");
pyodide.runPython("import tools_py.api");
const handle = pyodide.globals.get("tools_py").api.handle_json;
const loaded = performance.now();
const requests = JSON.parse(await readFile(requestsPath, "utf8"));
const replies = requests.map((request) => JSON.parse(handle(JSON.stringify(request))));
const done = performance.now();
await writeFile(outPath, JSON.stringify({
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  timings_ms: { boot: booted - started, load_tools: loaded - booted, answer_all: done - loaded },
  replies,
}));
