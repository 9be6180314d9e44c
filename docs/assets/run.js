// Run, edit, Stop and Check the page's Python blocks in the browser (Pyodide in a Web Worker).
//
// The build (docs/_hooks/runtime.py) lists the blocks the tests run, in order, with the output
// the page shows, in <script id="sn-run-data">. Each listed block gets a toolbar under it: Run,
// Stop, Reset, Check (exercises), and an <output> for what it printed. The page is one Python
// session, as in the tests: running block k first runs the earlier blocks that have not run.
// Nothing of the runtime is fetched before the first Run click or the first focus of a block.
(() => {
  "use strict";
  const dataElement = document.getElementById("sn-run-data");
  if (!dataElement || typeof Worker === "undefined") return;
  const data = JSON.parse(dataElement.textContent);
  const SITE = new URL("../", document.currentScript.src);
  const WORKER_URL = new URL("assets/run-worker.js", SITE);

  // Every word the reader sees, in the page's language (<html lang>): English, or Japanese on /ja/.
  const TEXT = {
    en: {
      run: "Run", stop: "Stop", reset: "Reset", check: "Check",
      loadingPython: "Loading Python", loadingDots: "Loading Python…",
      loadingFiles: (files, loaded, total) => `Loading Python (${files}): ${loaded} of ${total} MB`,
      loaded: (mb) => `Loaded ${mb} MB; starting Python…`,
      workerFailed: (why) => `Python stopped: ${why || "the worker failed"}`,
      edit: "Edit",
      codeLabel: (n) => `Python block ${n}, editing: Ctrl+Enter or Cmd+Enter runs it, Escape stops it or ends editing`,
      bar: (n) => `Block ${n}`, outputOf: (n) => `Output of block ${n}`,
      stopped: "Stopped. Python was restarted: the next Run starts a fresh session and runs the earlier blocks again.",
      back: "The page's code is back.",
      couldNotRun: (error) => `The page could not run this block: ${error}`,
      runningFirst: (count, which) => `Running the ${count} earlier block${count > 1 ? "s" : ""} this one needs first (${which}), then this one.`,
      running: "Running…", starting: "Starting Python, then running…",
      blocked: (n, name) => `Block ${n}, which this one needs, raised ${name}: see its output.`,
      blockRange: (a, b) => `blocks ${a}–${b}`,
      blockList: (numbers) => `block${numbers.length > 1 ? "s" : ""} ${numbers.join(", ")}`,
      quiet: "(ran; printed nothing)",
      raised: (name, message) => `Raised ${name}: ${message}`,
      matches: "Matches the output shown on the page.",
      matchesMark: "✓ Matches the output shown on the page.",
      near: (near) => `Matches the output shown on the page except in the last digits of ${near} number${near > 1 ? "s" : ""}.`,
      nearMark: (near) => `✓ Matches the output shown on the page, except in the last digits of ${near} number${near > 1 ? "s" : ""} ` +
        "(the Python in your browser rounds some operations differently from the one that built the page):",
      differs: "Differs from the output shown on the page.",
      differsMark: "✗ Differs from the output shown on the page (− shown, + yours):",
      checkPassedMark: "✓ Check passed: ", checkFailedMark: "✗ Check failed: ",
      checkPassed: "Check passed. ", checkFailed: "Check failed. ",
      ranFirst: (which) => `Ran ${which} first. `,
      ranIn: (seconds) => `Ran in ${seconds} s. `,
    },
    ja: {
      run: "実行", stop: "停止", reset: "元に戻す", check: "チェック",
      loadingPython: "Python を読み込み中", loadingDots: "Python を読み込み中…",
      loadingFiles: (files, loaded, total) => `Python を読み込み中（${files}）：${total} MB 中 ${loaded} MB`,
      loaded: (mb) => `${mb} MB を読み込みました。Python を起動しています…`,
      workerFailed: (why) => `Python が止まりました：${why || "ワーカーが失敗しました"}`,
      edit: "編集",
      codeLabel: (n) => `Python ブロック ${n}、編集中：Ctrl+Enter または Cmd+Enter で実行、Escape で停止または編集の終了`,
      bar: (n) => `ブロック ${n}`, outputOf: (n) => `ブロック ${n} の出力`,
      stopped: "停止しました。Python を再起動したので、次に実行すると新しいセッションで、前のブロックからもう一度実行します。",
      back: "ページのコードに戻しました。",
      couldNotRun: (error) => `このブロックを実行できませんでした：${error}`,
      runningFirst: (count, which) => `このブロックに必要な前の ${count} 個のブロック（${which}）を先に実行してから、このブロックを実行します。`,
      running: "実行中…", starting: "Python を起動してから実行します…",
      blocked: (n, name) => `このブロックに必要なブロック ${n} で ${name} が発生しました。その出力を見てください。`,
      blockRange: (a, b) => `ブロック ${a}〜${b}`,
      blockList: (numbers) => `ブロック ${numbers.join("、")}`,
      quiet: "（実行しました。何も出力していません）",
      raised: (name, message) => `${name} が発生しました：${message}`,
      matches: "ページに載っている出力と一致しました。",
      matchesMark: "✓ ページに載っている出力と一致しました。",
      near: (near) => `ページに載っている出力と、${near} 個の数の最後の桁を除いて一致しました。`,
      nearMark: (near) => `✓ ページに載っている出力と、${near} 個の数の最後の桁を除いて一致しました` +
        "（ブラウザーの中の Python は、ページをビルドした Python とは一部の演算の丸め方が違います）：",
      differs: "ページに載っている出力と違います。",
      differsMark: "✗ ページに載っている出力と違います（− ページ、+ あなたの出力）：",
      checkPassedMark: "✓ チェックに合格：", checkFailedMark: "✗ チェックに不合格：",
      checkPassed: "チェックに合格。", checkFailed: "チェックに不合格。",
      ranFirst: (which) => `先に${which}を実行しました。`,
      ranIn: (seconds) => `${seconds} 秒で実行しました。`,
    },
  };
  const T = TEXT[(document.documentElement.lang || "en").split("-")[0]] || TEXT.en;

  const normalize = (text) =>
    (text || "").trim() ? text.replace(/\s+$/, "").split("\n").map((line) => line.replace(/\s+$/, "")).join("\n") : "";

  function element(tag, attributes = {}, text = "") {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text) node.textContent = text;
    return node;
  }

  // ------------------------------------------------------------------ find the blocks on the page
  const codes = Array.from(document.querySelectorAll("article pre > code"));
  const blocks = [];
  let cursor = 0;
  data.blocks.forEach((block, index) => {
    const wanted = normalize(block.code);
    for (let k = cursor; k < codes.length; k++) {
      if (normalize(codes[k].textContent) === wanted) {
        cursor = k + 1;
        blocks.push(setUp(block, index, codes[k]));
        return;
      }
    }
  });
  document.documentElement.dataset.snBlocks = String(blocks.length);

  // ------------------------------------------------------------------ the worker
  let worker = null;
  let ready = false;
  const pending = new Map(); // id -> resolve
  let nextId = 1;
  const progress = { files: {}, shown: null };

  function startWorker() {
    if (worker) return;
    worker = new Worker(WORKER_URL, { type: "module" });
    ready = false;
    worker.onmessage = (event) => onWorkerMessage(event.data);
    worker.onerror = (event) => failAll(T.workerFailed(event.message));
    worker.postMessage({ type: "start" });
  }

  function onWorkerMessage(message) {
    if (message.type === "progress") {
      progress.files[message.file] = message;
      showProgress();
    } else if (message.type === "ready") {
      ready = true;
      document.documentElement.dataset.snReadyMs = String(Math.round(message.ms));
      showProgress();
    } else if (message.type === "result") {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      if (resolve) resolve(message);
    } else if (message.type === "fatal") {
      failAll(message.message);
    }
  }

  function failAll(text) {
    for (const resolve of pending.values()) resolve({ fatal: text });
    pending.clear();
    stopWorker();
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    ready = false;
    progress.files = {};
    for (const block of blocks) block.ran = false;
  }

  function send(message) {
    startWorker();
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
  }

  function showProgress() {
    const block = progress.shown;
    if (!block) return;
    if (ready) {
      block.progress.hidden = true;
      return;
    }
    const files = Object.values(progress.files);
    const loaded = files.reduce((sum, f) => sum + (f.loaded || 0), 0);
    const total = files.reduce((sum, f) => sum + (f.total || 0), 0);
    const busy = files.filter((f) => !f.done && f.total).map((f) => f.file);
    const mb = (n) => (n / 1e6).toFixed(1);
    block.progress.hidden = false;
    const bar = block.progress.querySelector("progress");
    const label = block.progress.querySelector("span");
    if (total) {
      bar.max = total;
      bar.value = loaded;
    } else {
      bar.removeAttribute("value");
    }
    label.textContent = busy.length
      ? T.loadingFiles(busy.join(", "), mb(loaded), mb(total))
      : total
        ? T.loaded(mb(loaded))
        : T.loadingDots;
  }

  // ------------------------------------------------------------------ one block's controls
  function setUp(block, index, code) {
    const highlight = code.closest(".highlight") || code.parentElement;
    const number = index + 1;
    const state = { ...block, index, number, code, ran: false, original: code.innerHTML };
    code.dataset.snBlock = String(index);

    const bar = element("div", { class: "sn-run", role: "group", "aria-label": T.bar(number), "data-sn-block": String(index), "data-state": "idle" });
    const run = element("button", { type: "button", class: "md-button sn-run__run" }, T.run);
    const editButton = element("button", { type: "button", class: "md-button sn-run__edit" }, T.edit);
    const stop = element("button", { type: "button", class: "md-button sn-run__stop", hidden: "" }, T.stop);
    const reset = element("button", { type: "button", class: "md-button sn-run__reset", hidden: "" }, T.reset);
    bar.append(run, stop, editButton, reset);  // Stop right after Run: one Tab from Run while a block runs
    let checkButton = null;
    if (block.check) {
      checkButton = element("button", { type: "button", class: "md-button sn-run__check" }, T.check);
      bar.append(checkButton);
    }
    const status = element("span", { class: "sn-run__status", role: "status", "aria-live": "polite" });
    const progressBox = element("span", { class: "sn-run__progress", hidden: "" });
    progressBox.append(element("progress", { "aria-label": T.loadingPython }), element("span"));
    bar.append(status, progressBox);
    const output = element("output", { class: "sn-run__output", "aria-live": "polite", "aria-label": T.outputOf(number), hidden: "" });
    highlight.after(bar, output);
    Object.assign(state, { bar, run, stop, reset, checkButton, status, output, progress: progressBox });

    run.addEventListener("click", () => runUpTo(state, false));
    if (checkButton) checkButton.addEventListener("click", () => runUpTo(state, true));
    const stopAll = () => {
      stopWorker();
      for (const b of blocks) {
        b.stop.hidden = true;
        if (b.bar.dataset.state === "running" || b.bar.dataset.state === "queued") {
          b.bar.dataset.state = "stopped";
          b.status.textContent = "";
        }
      }
      state.status.textContent = T.stopped;
      for (const resolve of pending.values()) resolve({ stopped: true });
      pending.clear();
    };
    stop.addEventListener("click", stopAll);
    reset.addEventListener("click", () => {
      code.innerHTML = state.original;
      reset.hidden = true;
      state.status.textContent = T.back;
    });
    code.addEventListener("input", () => {
      reset.hidden = false;
    });
    // Editing is a mode: the code is editable from a click into it or the Edit button until it
    // loses the focus or Escape, so that otherwise the arrow keys scroll a wide block (a11y.js).
    // Starting to edit also starts loading Python, so that Run is quick after.
    const labelled = code.getAttribute("aria-label");
    const startEditing = (focus) => {
      if (!code.isContentEditable) {
        code.setAttribute("contenteditable", "plaintext-only");
        code.setAttribute("spellcheck", "false");
        code.setAttribute("aria-multiline", "true");
        code.setAttribute("aria-label", T.codeLabel(number));
      }
      startWorker();
      if (focus) code.focus();
    };
    const stopEditing = () => {
      code.removeAttribute("contenteditable");
      code.removeAttribute("aria-multiline");
      if (labelled === null) code.removeAttribute("aria-label");
      else code.setAttribute("aria-label", labelled);
    };
    code.addEventListener("click", () => startEditing(false));
    editButton.addEventListener("click", () => startEditing(true));
    code.addEventListener("blur", stopEditing);
    code.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        runUpTo(state, !!state.check);
      } else if (event.key === "Escape" && !stop.hidden) {
        event.preventDefault();
        stopAll();
      } else if (event.key === "Escape" && code.isContentEditable) {
        event.preventDefault();
        stopEditing();
        editButton.focus();
      }
    });
    return state;
  }

  function currentCode(block) {
    return block.code.innerText.replace(/\u00a0/g, " ").replace(/\n$/, "");
  }

  let busy = Promise.resolve();

  function runUpTo(target, withCheck) {
    busy = busy.then(() => runUpToNow(target, withCheck)).catch((error) => {
      target.bar.dataset.state = "error";
      target.stop.hidden = true;
      target.status.textContent = T.couldNotRun(error);
    });
    return busy;
  }

  async function runUpToNow(target, withCheck) {
    const before = blocks.filter((b) => b.index < target.index && !b.ran);
    const queue = [...before, target];
    progress.shown = target;
    for (const b of queue) {
      b.bar.dataset.state = "queued";
      b.stop.hidden = false;
    }
    target.status.textContent = before.length
      ? T.runningFirst(before.length, describe(before))
      : ready ? T.running : T.starting;
    showProgress();
    for (const b of queue) {
      b.bar.dataset.state = "running";
      const message = { type: b === target && withCheck ? "check" : "run", code: currentCode(b), filename: `<block ${b.number}>`, check: b.check };
      const result = await send(message);
      b.stop.hidden = true;
      if (result.stopped) return;
      if (result.fatal) {
        for (const q of queue) {
          if (q.bar.dataset.state === "queued" || q.bar.dataset.state === "running") q.bar.dataset.state = "idle";
          q.stop.hidden = true;
        }
        for (const q of new Set([b, target])) {
          q.bar.dataset.state = "error";
          q.status.textContent = result.fatal;
        }
        return;
      }
      b.ran = true;
      show(b, result, b === target && before.length ? before : null);
      if (result.error && b !== target) {
        target.bar.dataset.state = "blocked";
        target.stop.hidden = true;
        target.status.textContent = T.blocked(b.number, result.error.name);
        return;
      }
    }
  }

  function describe(list) {
    const numbers = list.map((b) => b.number);
    return numbers.length > 1 && numbers[numbers.length - 1] - numbers[0] === numbers.length - 1
      ? T.blockRange(numbers[0], numbers[numbers.length - 1])
      : T.blockList(numbers);
  }

  function show(block, result, ranBefore) {
    const out = block.output;
    out.hidden = false;
    out.replaceChildren();
    const printed = normalize(result.stdout);
    if (printed) out.append(element("pre", { class: "sn-run__stdout" }, printed));
    if (result.stderr.trim()) out.append(element("pre", { class: "sn-run__stderr" }, result.stderr.replace(/\s+$/, "")));
    if (result.error) out.append(element("pre", { class: "sn-run__error" }, result.error.traceback.replace(/\s+$/, "")));
    if (!printed && !result.error && !result.stderr.trim()) out.append(element("p", { class: "sn-run__quiet" }, T.quiet));

    let verdict = "";
    block.bar.dataset.match = "none";
    if (result.error) {
      verdict = T.raised(result.error.name, result.error.message);
      block.bar.dataset.state = "error";
    } else {
      block.bar.dataset.state = "done";
      if (block.expected !== null && block.expected !== undefined) {
        const shown = normalize(block.expected);
        const near = shown === printed ? 0 : nearlyEqual(shown, printed);
        if (shown === printed) {
          block.bar.dataset.match = "yes";
          verdict = T.matches;
          out.append(element("p", { class: "sn-run__match" }, T.matchesMark));
        } else if (near) {
          block.bar.dataset.match = "close";
          verdict = T.near(near);
          out.append(element("p", { class: "sn-run__match" }, T.nearMark(near)));
          out.append(element("pre", { class: "sn-run__diff" }, lineDiff(shown, printed)));
        } else {
          block.bar.dataset.match = "no";
          verdict = T.differs;
          out.append(element("p", { class: "sn-run__differs" }, T.differsMark));
          out.append(element("pre", { class: "sn-run__diff" }, lineDiff(shown, printed)));
        }
      }
    }
    if (result.check) {
      block.bar.dataset.check = result.check.passed ? "passed" : "failed";
      out.append(element("p", { class: result.check.passed ? "sn-run__passed" : "sn-run__failed" },
        (result.check.passed ? T.checkPassedMark : T.checkFailedMark) + result.check.message));
      verdict = (result.check.passed ? T.checkPassed : T.checkFailed) + verdict;
    }
    const seconds = (result.ms / 1000).toFixed(2);
    const first = ranBefore ? T.ranFirst(describe(ranBefore)) : "";
    block.status.textContent = `${first}${T.ranIn(seconds)}${verdict}`.trim();
  }

  // The number of numbers that differ only by floating-point rounding (within 1e-9, absolute or
  // relative), when every other character is the same; 0 when anything else differs.
  function nearlyEqual(shown, printed) {
    const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;
    const a = shown.split("\n"), b = printed.split("\n");
    if (a.length !== b.length) return 0;
    let near = 0;
    for (let k = 0; k < a.length; k++) {
      if (a[k].replace(NUMBER, "#") !== b[k].replace(NUMBER, "#")) return 0;
      const x = a[k].match(NUMBER) || [], y = b[k].match(NUMBER) || [];
      for (let n = 0; n < x.length; n++) {
        if (x[n] === y[n]) continue;
        const p = Number(x[n]), q = Number(y[n]);
        if (!(Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(p), Math.abs(q)))) return 0;
        near++;
      }
    }
    return near;
  }

  // A small line diff (longest common subsequence): "  same", "- shown", "+ yours".
  function lineDiff(shown, printed) {
    const a = shown ? shown.split("\n") : [];
    const b = printed ? printed.split("\n") : [];
    const table = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--)
      for (let j = b.length - 1; j >= 0; j--)
        table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    const lines = [];
    let i = 0, j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) { lines.push("  " + a[i]); i++; j++; }
      else if (j < b.length && (i === a.length || table[i][j + 1] >= table[i + 1][j])) { lines.push("+ " + b[j]); j++; }
      else { lines.push("- " + a[i]); i++; }
    }
    return lines.join("\n");
  }
})();
