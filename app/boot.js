// Loads the WebAssembly app.
import init from "/qadam.js";
init({ module_or_path: "/qadam_bg.wasm" });
