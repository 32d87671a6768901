// A square to draw on with a mouse, a pen or a finger (ui/drawing_pad.py says why it is ours). It keeps the strokes
// as lists of points in pad pixels and sends all of them the moment the pen lifts; the server inks them itself.

const round = (value) => Math.round(value * 10) / 10;

function paint(pad) {
  const { context, strokes, wanted } = pad;
  const scale = pad.width / wanted.size;
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.fillStyle = "#000000";
  context.fillRect(0, 0, wanted.size, wanted.size);
  context.strokeStyle = "#ffffff";
  context.fillStyle = "#ffffff";
  context.lineWidth = wanted.brush;
  context.lineCap = "round";
  context.lineJoin = "round";
  for (const points of strokes) {
    if (points.length === 1) {  // a dot: a round blot of the brush's width
      context.beginPath();
      context.arc(points[0][0], points[0][1], wanted.brush / 2, 0, 2 * Math.PI);
      context.fill();
      continue;
    }
    context.beginPath();
    context.moveTo(points[0][0], points[0][1]);
    for (const [x, y] of points.slice(1)) context.lineTo(x, y);
    context.stroke();
  }
}

// Sharp on any screen: the bitmap has as many pixels as the square has device pixels.
function fitBitmap(pad) {
  const side = Math.max(1, Math.round(pad.getBoundingClientRect().width * (window.devicePixelRatio || 1)));
  if (pad.width !== side) {
    pad.width = side;
    pad.height = side;
  }
  paint(pad);
}

function at(pad, event) {
  const box = pad.getBoundingClientRect();
  const x = ((event.clientX - box.left) / box.width) * pad.wanted.size;
  const y = ((event.clientY - box.top) / box.height) * pad.wanted.size;
  const inside = (v) => Math.min(pad.wanted.size, Math.max(0, v));
  return [round(inside(x)), round(inside(y))];
}

function listen(pad) {
  let drawing = null;  // the stroke the pen is drawing, while it is down
  pad.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || pad.strokes.length >= pad.wanted.max_strokes) return;
    pad.setPointerCapture(event.pointerId);
    drawing = [at(pad, event)];
    pad.strokes.push(drawing);
    paint(pad);
    event.preventDefault();
  });
  pad.addEventListener("pointermove", (event) => {
    if (drawing === null) return;
    for (const moved of event.getCoalescedEvents?.() ?? [event]) {
      const point = at(pad, moved);
      const last = drawing[drawing.length - 1];
      if (Math.hypot(point[0] - last[0], point[1] - last[1]) >= 1 && drawing.length < pad.wanted.max_points) {
        drawing.push(point);
      }
    }
    paint(pad);
  });
  const lift = () => {
    if (drawing === null) return;
    drawing = null;
    pad.send(pad.strokes.map((points) => points.slice()));
  };
  pad.addEventListener("pointerup", lift);
  pad.addEventListener("pointercancel", lift);
  new ResizeObserver(() => fitBitmap(pad)).observe(pad);
}

export default function ({ data, parentElement, setStateValue }) {
  let pad = parentElement.querySelector("canvas");
  if (!pad) {
    const style = document.createElement("style");
    style.textContent = `canvas { display: block; width: min(100%, ${data.size}px); aspect-ratio: 1;
      touch-action: none; cursor: crosshair; border-radius: 0.5rem;
      outline: 1px solid var(--st-border-color, rgba(128, 128, 128, 0.4)); }`;
    pad = document.createElement("canvas");
    pad.className = "nnviz-pad";
    pad.setAttribute("role", "img");
    pad.context = pad.getContext("2d");
    pad.strokes = data.strokes.map((points) => points.slice());  // where a new pad starts (Undo: all but the last)
    parentElement.append(style, pad);
    listen(pad);
  }
  pad.setAttribute("aria-label", data.alt);
  pad.wanted = data;
  pad.send = (strokes) => setStateValue("strokes", strokes);
  fitBitmap(pad);  // a new brush width redraws every stroke with it, as the server inks them
}
