// Loads the WebAssembly app, and the service worker that lets it reopen while offline.
import init from "/qadam.js";
init({ module_or_path: "/qadam_bg.wasm" });
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
