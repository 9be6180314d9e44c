// The Python of one page, in a Web Worker (a module worker started by run.js).
//
// Loads the site's own Pyodide (pyodide/ beside assets/, fetched and pinned at build time by
// docs/_hooks/runtime.py) and the site's scratchnet.zip, then runs blocks in ONE namespace,
// the page's session, exactly as tests/docs_plugin.py runs them. Stop is run.js terminating
// this worker; a new one starts the session afresh.
//
// Messages in:  {type: "run", id, code, filename}
//               {type: "check", id, code, filename, check}   (check: name of exercises/NAME.py)
// Messages out: {type: "progress", file, loaded, total}, {type: "ready", ms},
//               {type: "result", id, stdout, stderr, error, check, ms}, {type: "fatal", message}

const SITE = new URL("../", import.meta.url);
const RUNTIME = new URL("pyodide/", SITE);
const TRACKED = new Set(["pyodide.asm.wasm", "python_stdlib.zip", "scratchnet.zip", "pyodide-lock.json"]);

// Count the bytes of the runtime's downloads as they arrive, for the progress indicator.
const realFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  const url = typeof input === "string" ? input : input.url || String(input);
  const file = new URL(url, SITE).pathname.split("/").pop();
  if (!TRACKED.has(file) || !response.body) return response;
  const total = Number(response.headers.get("Content-Length")) || 0;
  let loaded = 0;
  const reader = response.body.getReader();
  const stream = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        self.postMessage({ type: "progress", file, loaded, total, done: true });
        controller.close();
        return;
      }
      loaded += value.byteLength;
      self.postMessage({ type: "progress", file, loaded, total });
      controller.enqueue(value);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
};

const SETUP = `
import contextlib, io, linecache, sys, traceback
sys.path.insert(0, "/home/pyodide/scratchnet-src")
_sn_session = {"__name__": "__main__"}
_sn_checks = {}

def _sn_run(code, filename):
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    out, err = io.StringIO(), io.StringIO()
    error = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            exec(compile(code, filename, "exec", dont_inherit=True), _sn_session)
        except BaseException as caught:
            tb = caught.__traceback__.tb_next   # this frame is not the reader's
            shown = "".join(traceback.format_exception(type(caught), caught, tb))
            error = [type(caught).__name__, str(caught), shown]
    return [out.getvalue(), err.getvalue(), error]

def _sn_check(name, source):
    if name not in _sn_checks:
        module = {"__name__": "exercise_" + name}
        exec(compile(source, "exercises/" + name + ".py", "exec"), module)
        _sn_checks[name] = module["check"]
    try:
        passed, message = _sn_checks[name](_sn_session)
    except Exception as caught:
        passed, message = False, "The check itself failed: " + type(caught).__name__ + ": " + str(caught)
    return [bool(passed), str(message)]
`;

let started = null;

async function start() {
  const t0 = performance.now();
  self.postMessage({ type: "progress", file: "pyodide.mjs", loaded: 0, total: 0 });
  const { loadPyodide } = await import(new URL("pyodide.mjs", RUNTIME).href);
  const pyodide = await loadPyodide({ indexURL: RUNTIME.href });
  const source = await (await fetch(new URL("scratchnet.zip", RUNTIME))).arrayBuffer();
  pyodide.unpackArchive(source, "zip", { extractDir: "/home/pyodide/scratchnet-src" });
  pyodide.runPython(SETUP);
  self.postMessage({ type: "ready", ms: performance.now() - t0 });
  return pyodide;
}

function toJs(proxy) {
  const value = proxy.toJs();
  proxy.destroy();
  return value;
}

self.onmessage = async (event) => {
  const message = event.data;
  if (!started) started = start();
  let pyodide;
  try {
    pyodide = await started;
  } catch (error) {
    self.postMessage({ type: "fatal", message: `Python could not start: ${error}` });
    return;
  }
  if (message.type === "start") return;
  const t0 = performance.now();
  const [stdout, stderr, error] = toJs(pyodide.globals.get("_sn_run")(message.code, message.filename));
  let check = null;
  if (message.type === "check" && !error) {
    const response = await fetch(new URL(`exercises/${message.check}.py`, SITE));
    const source = await response.text();
    const [passed, text] = toJs(pyodide.globals.get("_sn_check")(message.check, source));
    check = { passed, message: text };
  }
  self.postMessage({
    type: "result", id: message.id, stdout, stderr, check, ms: performance.now() - t0,
    error: error ? { name: error[0], message: error[1], traceback: error[2] } : null,
  });
};
