import { mount } from "svelte";

import "../app.css";
import AudienceApp from "./AudienceApp.svelte";

// A projector shows slides, not a browser: no context menu, no dragging.
document.addEventListener("contextmenu", (e) => e.preventDefault(), { capture: true });
document.addEventListener("dragstart", (e) => e.preventDefault());

const target = document.getElementById("audience");
if (!target) throw new Error("#audience is missing from audience.html");
export default mount(AudienceApp, { target });
