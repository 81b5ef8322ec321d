import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

// The Tauri window loads ui/dist from disk (custom protocol): relative
// asset paths, a WebKitGTK-friendly target, no inline scripts (strict CSP).
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
    // Three pages: the organiser's window, the kiosk and the projector. The kiosk
    // bundle holds none of the roster screens.
    rollupOptions: {
      input: { main: "index.html", kiosk: "kiosk.html", audience: "audience.html" },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
