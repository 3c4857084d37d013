// Starts the wasm app. A file of its own rather than an inline script, so
// the Content-Security-Policy needs no 'unsafe-inline'.
import init from "/app.js";
init();
