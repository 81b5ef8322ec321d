import { mount } from "svelte";

import "../app.css";
import "../kiosk/kiosk.css";
import HubApp from "./HubApp.svelte";

// The kiosk page on a tablet or phone, served by the hall hub. As in the
// kiosk window: no context menu outside text fields, no drag, no pinch on
// Safari (the signature pad also refuses browser gestures itself).
document.addEventListener(
  "contextmenu",
  (e) => {
    const target = e.target as HTMLElement | null;
    if (!target?.closest("input, textarea")) e.preventDefault();
  },
  { capture: true },
);
document.addEventListener("gesturestart", (e) => e.preventDefault());
document.addEventListener("dragstart", (e) => e.preventDefault());

const target = document.getElementById("hub");
if (!target) throw new Error("#hub is missing from hub.html");
export default mount(HubApp, { target });
