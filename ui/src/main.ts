import { mount } from "svelte";

import App from "./App.svelte";
import "./app.css";

// WebKitGTK's default context menu offers Back/Reload; keep it for text fields only.
document.addEventListener(
  "contextmenu",
  (e) => {
    const target = e.target as HTMLElement | null;
    if (!target?.closest("input, textarea")) e.preventDefault();
  },
  { capture: true },
);

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");
export default mount(App, { target });
