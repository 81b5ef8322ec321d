import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

// The Tauri window loads ui/dist from disk (custom protocol): relative
// asset paths, a WebKitGTK-friendly target, no inline scripts (strict CSP;
// the hub serves hub.html with `script-src 'self'` too).
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    modulePreload: { polyfill: false },
    // Four pages: the organiser's window, the kiosk, the projector, and the
    // hub page that tablets and phones load from the hall hub (served at `/`,
    // its ./assets/ resolving to the hub's /assets/). The kiosk and hub
    // bundles hold none of the roster screens.
    rollupOptions: {
      input: {
        main: "index.html",
        kiosk: "kiosk.html",
        audience: "audience.html",
        hub: "hub.html",
      },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
