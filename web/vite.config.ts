import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// The build goes into the Go package that embeds it (internal/webapp):
// committed, so that `go run .` serves the app with no Node on the machine.
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: "../internal/webapp/dist",
    emptyOutDir: true,
    // No inline script anywhere: the page's CSP is script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { proxy: { "/query": "http://localhost:8080" } },
});
