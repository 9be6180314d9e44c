/* The step-through player's words in Japanese (docs/assets/player.js has the English table and
 * the meaning of every entry). Loaded before player.js by the Japanese pages that embed the
 * player, so the English pages do not download it. (Not player.ja.js: the i18n plugin would take
 * that name for the Japanese build's player.js.)
 *
 *   <script src="../../assets/player-ja.js"></script>
 *   <script src="../../assets/player.js"></script>
 */
(function () {
  "use strict";
  var tables = window.SN_PLAYER_TEXT = window.SN_PLAYER_TEXT || {};
  tables.ja = {
    phase: { forward: "順伝播", backward: "逆伝播", update: "更新" },
    step: {
      step1: "ステップ1、逆向きに流れてくる誤差",
      step2: "ステップ2、活性化関数の導関数",
      step3: "ステップ3、重み付き線形和の偏微分",
      step4: "ステップ4、デルタと勾配"
    },
    expected: { new_w: "新しい重み", new_b: "新しいバイアス" },
    where: function (l, j) { return "層 " + l + "、ノード " + j + "："; },
    forward: function (terms, b, sum, act, out) {
      return "重み付き線形和 u = " + terms + " + " + b + " = " + sum + "。出力 " + act + "(" + sum + ") = " + out + "。";
    },
    step1Output: function (l, detail) {
      return "層 " + l + "、ステップ1：出力に逆向きに流れ込む誤差は、損失関数の導関数" + detail + "。";
    },
    step1Hidden: function (l, next, err) {
      return "層 " + l + "、ステップ1：この層の出力に逆向きに流れ込む誤差は、層 " + next + " の入力の勾配：back_error = " + err + "。";
    },
    step2: function (act, sum, der) { return "活性化関数の導関数 " + act + "′(" + sum + ") = " + der + "。"; },
    step3: function (w, b, x) {
      return "重み付き線形和の偏微分：du/dw = 入力 " + w + "、du/db = " + b + "、du/dx = 重み " + x + "。";
    },
    step4: function (err, der, delta, gb, gw, gx, sum) {
      return "デルタ = 誤差 " + err + " × 活性化関数の導関数 " + der + " = " + delta + "。grad_b = " + gb +
        "。grad_w = " + gw + "。このノードは入力の勾配に delta × w = " + gx + " を足し、layer_grads_x はいま " + sum + "。";
    },
    pitfallNote: " 入力の勾配は、その入力が入っていくすべてのエッジにわたる和です。",
    update: function (l, j, ws, b) {
      return "更新、層 " + l + "、ノード " + j + "：各重み w − lr × grad_w：" + ws + "。バイアス " + b + "。";
    },
    wrongHere: function (list) { return " ここが間違い：正しいコードでは " + list + "。"; },
    netTitle: function (layers, phase, l, j) {
      return "ネットワーク、層 " + layers + "、" + phase + "、層 " + l + "、ノード " + j;
    },
    input: "入力", layerName: function (l) { return "層 " + l; },
    outputLayer: function (l) { return "層 " + l + "（出力）"; },
    differs: function (e, d) { return "正しい実行と違う：e " + e + "、δ " + d; },
    target: "正解 ",
    player: "逆伝播を一歩ずつ再生するプレーヤー",
    failed: function (why) {
      return "プレーヤーはトレースを読み込めませんでした（" + why + "）。サイトを HTTP で配信する必要があります。たとえば python -m http.server を使います。";
    },
    play: ["▶ 再生", "再生"], pause: ["❚❚ 一時停止", "一時停止"],
    speeds: ["ゆっくり", "ふつう", "速い", "とても速い"],
    start: ["⇤ 最初", function (ph) { return ph + "の最初へ"; }],
    end: ["最後 ⇥", function (ph) { return ph + "の最後へ"; }],
    stepLabel: "ステップ",
    legend: ["順伝播：実線", "逆伝播：破線", "更新：点線",
      "ノードの中：その出力。e：逆向きに流れてくる誤差 (dL/do)。δ：デルタ (dL/du)"],
    sourceCode: "ソースコード", scenario: "シナリオ ", controls: "プレーヤーの操作",
    first: ["⇤ 最初", "最初のステップ"], back: ["◀ 戻る", "1つ戻る"], next: ["次へ ▶", "1つ進む"],
    last: ["最後 ⇥", "最後のステップ"], speed: "速さ ", network: "ネットワーク",
    changedLine: "変えた1行（余白に ≠）",
    model: ["層 ", " · 活性化関数 ", " · 損失関数 ", " · x ", " · y_true ", " · lr "],
    broken: ["この実行の back_prop は1行だけ変えてあります：", " の代わりに ", "。正しい実行と値が違うところに ≠ が付いています。"],
    count: function (n, total, where) { return "ステップ " + n + " / " + total + " · " + where; },
    pitfall: "⚠ 連載の2つ目の落とし穴：入力の勾配は、その入力が入っていくすべてのエッジにわたる和です。",
    pitfallBroken: function (j, l) {
      return "ここでノード " + j + " は、層 " + l + " の前のノードたちが始めた和に自分の取り分を足すはずですが、壊れた行はそれを上書きするので、前のノードの寄与が失われます。";
    },
    pitfallRight: function (j, l) {
      return "ここで層 " + l + " のノード " + j + " は、前のノードたちが始めた和に自分の取り分を足します（layer_grads_x[x_i] +=）。";
    },
    code: ["コード：", "、"],
    vars: ["変数：", function (l, j) { return "（層 " + l + "、ノード " + j + "）"; }, " · ● このステップで変わったもの"],
    correctRun: "≠ 正しい実行：", changed: "変わった"
  };
})();
