import { mount } from "svelte";

import "../app.css";
import { tauriKiosk } from "../lib/kiosk";
import "./kiosk.css";
import KioskApp from "./KioskApp.svelte";

// No context menu at the kiosk (Back/Reload would leave the flow), no
// pinch or double-tap zoom, no text selection by a long press.
document.addEventListener("contextmenu", (e) => e.preventDefault(), { capture: true });
document.addEventListener("gesturestart", (e) => e.preventDefault());
document.addEventListener("dragstart", (e) => e.preventDefault());

const target = document.getElementById("kiosk");
if (!target) throw new Error("#kiosk is missing from kiosk.html");
export default mount(KioskApp, { target, props: { api: tauriKiosk, mode: "window" } });
