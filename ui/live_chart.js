// A plotly chart that a live panel redraws in place: each new figure goes through Plotly.react into the same
// element, so the chart never leaves the screen between two refreshes (ui/live_chart.py says why).

let loading = null;

function plotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => {
      loading = null;
      reject(new Error(`plotly.js did not load from ${src}: the app serves it when started as streamlit run serve.py`));
    };
    document.head.appendChild(script);
  });
  return loading;
}

// The page's own colours and type (Streamlit's theme variables), spaced as Streamlit's own plotly theme spaces a
// chart, so a live chart looks like its neighbours.
function pageTemplate(host) {
  const css = getComputedStyle(host);
  const read = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const ink = read("--st-text-color", "#31333f");
  const faint = read("--st-border-color-light", "#e6eaf1");
  const small = { size: 12 };
  const axis = { gridcolor: faint, zerolinecolor: faint, linecolor: faint, tickcolor: faint, tickfont: small,
    automargin: true };
  const colours = read("--st-chart-categorical-colors", "");
  return {
    layout: {
      font: { family: read("--st-font", "sans-serif"), color: ink, size: 12 },
      title: { font: { size: 16 } },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      margin: { pad: 8 },
      legend: { font: small, valign: "top" },
      hoverlabel: { bgcolor: read("--st-background-color", "#ffffff"), font: { color: ink } },
      ...(colours ? { colorway: colours.split(",").map((c) => c.trim()) } : {}),
      xaxis: { ...axis, showgrid: false, zeroline: false, title: { font: { size: 14 }, standoff: 20 } },
      yaxis: { ...axis, title: { font: { size: 14 }, standoff: 24 } },
    },
  };
}

function draw(box, host) {
  if (box.drawing) return;
  box.drawing = true;
  const next = async () => {
    const Plotly = await plotly(box.wanted.src);
    while (box.wanted.figure) {
      const { figure, config, themed } = box.wanted;
      box.wanted.figure = null;
      const layout = figure.layout || {};
      if (themed) layout.template = pageTemplate(host);
      await Plotly.react(box, figure.data || [], layout, config);
      if (box.wanted.clickable && !box.listening) {
        box.listening = true;  // a click on a point is the chart's selection, as st.plotly_chart reports one
        box.on("plotly_click", (event) => {
          const points = event.points.map((p) => ({ x: p.x, y: p.y, curve_number: p.curveNumber,
            point_index: p.pointIndex }));
          box.wanted.select({ points });
        });
      }
    }
  };
  next()
    .catch((error) => {
      box.textContent = `This chart could not be drawn (${error.message}).`;
    })
    .finally(() => {
      box.drawing = false;
    });
}

export default function ({ data, parentElement, setStateValue }) {
  const host = parentElement.host || parentElement;
  let box = parentElement.querySelector(".nnviz-live-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "nnviz-live-chart";
    box.setAttribute("role", "figure");
    parentElement.appendChild(box);
    new ResizeObserver(() => box._fullLayout && !box.drawing && window.Plotly.Plots.resize(box)).observe(box);
  }
  box.setAttribute("aria-label", data.alt);
  box.style.minHeight = `${data.height}px`;
  box.wanted = { src: data.src, figure: JSON.parse(data.figure), config: data.config, themed: data.themed,
    clickable: data.clickable, select: (selection) => setStateValue("selection", selection) };
  draw(box, host);
}
