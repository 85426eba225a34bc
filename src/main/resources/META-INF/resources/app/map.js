// A small map without a map library: Web Mercator (EPSG:3857) pixel maths, optional tiles from the
// installation's tile URL, and markers / shapes drawn as HTML and SVG on top. Without tiles (none is
// configured, or none loads) the markers still stand on a plain grid background.
import { h, clear } from './ui.js';
import { t } from './i18n.js';

const TILE = 256;
const MAX_ZOOM = 18;
const MIN_ZOOM = 3;

/** World pixel position of a WGS-84 point at a zoom level. */
export function project(lat, lng, zoom) {
  const scale = TILE * 2 ** zoom;
  const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return {
    x: ((lng + 180) / 360) * scale,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
  };
}

// GCJ-02: mainland Chinese tile providers draw in it, so markers (WGS-84) are shifted to match their tiles.
const A = 6378245.0;
const EE = 0.00669342162296594323;
function offsetLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}
function offsetLng(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}
export function wgs84ToGcj02(lat, lng) {
  if (lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271) return [lat, lng];
  const rad = (lat * Math.PI) / 180;
  let magic = Math.sin(rad);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lng - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (offsetLng(lng - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(rad) * Math.PI);
  return [lat + dLat, lng + dLng];
}

/**
 * createMap(container, {tileUrl, tileCoord, tileAttribution}) → map with
 * show({markers: [{lat, lng, label, text, className, onclick}], shapes: [{rings: [[[lng, lat]…]…], weight, title}],
 *       me: {lat, lng}}) — fits everything in view; the +/− buttons and dragging move from there.
 */
export function createMap(container, config = {}) {
  const tiles = h('div', { class: 'tiles', 'aria-hidden': 'true' });
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const markers = h('div', { class: 'markers' });
  const zoomIn = h('button', { type: 'button', 'aria-label': t('map.zoomIn'), onclick: () => zoomBy(1) }, '+');
  const zoomOut = h('button', { type: 'button', 'aria-label': t('map.zoomOut'), onclick: () => zoomBy(-1) }, '−');
  const note = config.tileUrl
    ? (config.tileAttribution ? h('div', { class: 'attribution' }, config.tileAttribution) : null)
    : h('div', { class: 'attribution' }, t('map.noTiles'));
  const root = h('div', { class: 'map', role: 'region', 'aria-label': t('map.label') },
    tiles, svg, markers, h('div', { class: 'controls' }, zoomIn, zoomOut), note);
  container.append(root);

  const gcj = config.tileUrl && String(config.tileCoord).toUpperCase() === 'GCJ02';
  const toMap = (lat, lng) => (gcj ? wgs84ToGcj02(lat, lng) : [lat, lng]);
  let content = { markers: [], shapes: [], me: null };
  let zoom = 14;
  let centre = { lat: 36.08, lng: 120.37 };

  function size() {
    return { w: root.clientWidth || 360, h: root.clientHeight || 300 };
  }

  function fit() {
    const points = [...content.markers.map((m) => [m.lat, m.lng])];
    if (content.me) points.push([content.me.lat, content.me.lng]);
    content.shapes.forEach((s) => s.rings.forEach((ring) => ring.forEach(([lng, lat]) => points.push([lat, lng]))));
    if (!points.length) return;
    const { w, h: height } = size();
    const pad = 48;
    // Not closer than street level: a single point or cell still shows its surroundings.
    for (zoom = 16; zoom > MIN_ZOOM; zoom--) {
      const px = points.map(([lat, lng]) => project(...toMap(lat, lng), zoom));
      const xs = px.map((p) => p.x);
      const ys = px.map((p) => p.y);
      if (Math.max(...xs) - Math.min(...xs) <= w - 2 * pad && Math.max(...ys) - Math.min(...ys) <= height - 2 * pad) break;
    }
    const lats = points.map((p) => p[0]);
    const lngs = points.map((p) => p[1]);
    centre = { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lng: (Math.min(...lngs) + Math.max(...lngs)) / 2 };
  }

  function draw() {
    const { w, h: height } = size();
    const c = project(...toMap(centre.lat, centre.lng), zoom);
    const origin = { x: c.x - w / 2, y: c.y - height / 2 };
    const at = (lat, lng) => {
      const p = project(...toMap(lat, lng), zoom);
      return { x: p.x - origin.x, y: p.y - origin.y };
    };
    drawTiles(origin, w, height);
    svg.setAttribute('viewBox', `0 0 ${w} ${height}`);
    svg.setAttribute('width', w);
    svg.setAttribute('height', height);
    svg.replaceChildren();
    const heaviest = Math.max(1, ...content.shapes.map((s) => s.weight || 1));
    for (const shape of content.shapes) {
      const g = document.createElementNS(svg.namespaceURI, 'g');
      const share = (shape.weight || 1) / heaviest;
      for (const ring of shape.rings) {
        const el = document.createElementNS(svg.namespaceURI, ring.length === 1 ? 'circle' : 'polygon');
        if (ring.length === 1) {
          const p = at(ring[0][1], ring[0][0]);
          el.setAttribute('cx', p.x);
          el.setAttribute('cy', p.y);
          el.setAttribute('r', 8 + 16 * share);
        } else {
          el.setAttribute('points', ring.map(([lng, lat]) => { const p = at(lat, lng); return `${p.x.toFixed(1)},${p.y.toFixed(1)}`; }).join(' '));
        }
        el.setAttribute('fill', `rgba(192, 57, 43, ${(0.2 + 0.6 * share).toFixed(2)})`);
        el.setAttribute('stroke', '#8e2b20');
        el.setAttribute('stroke-width', '1');
        g.append(el);
      }
      if (shape.title) {
        const title = document.createElementNS(svg.namespaceURI, 'title');
        title.textContent = shape.title;
        g.prepend(title);
      }
      svg.append(g);
    }
    clear(markers);
    if (content.me) {
      const p = at(content.me.lat, content.me.lng);
      markers.append(h('div', { class: 'me', role: 'img', 'aria-label': t('rd.me'), style: `left:${p.x}px;top:${p.y}px` }));
    }
    content.markers.forEach((m) => {
      const p = at(m.lat, m.lng);
      markers.append(h('button', {
        type: 'button', class: `marker ${m.className || ''}`, style: `left:${p.x}px;top:${p.y}px`,
        'aria-label': m.text, title: m.text, onclick: m.onclick,
      }, h('span', { 'aria-hidden': 'true' }, h('b', {}, m.label))));
    });
  }

  function drawTiles(origin, w, height) {
    if (!config.tileUrl) { tiles.replaceChildren(); return; }
    const n = 2 ** zoom;
    const imgs = [];
    for (let ty = Math.floor(origin.y / TILE); ty <= Math.floor((origin.y + height) / TILE); ty++) {
      for (let tx = Math.floor(origin.x / TILE); tx <= Math.floor((origin.x + w) / TILE); tx++) {
        if (ty < 0 || ty >= n) continue;
        const x = ((tx % n) + n) % n;
        const src = config.tileUrl.replace('{z}', zoom).replace('{x}', x).replace('{y}', ty);
        const img = h('img', { src, alt: '', loading: 'lazy', draggable: 'false', style: `left:${tx * TILE - origin.x}px;top:${ty * TILE - origin.y}px` });
        img.addEventListener('error', () => img.remove());
        imgs.push(img);
      }
    }
    tiles.replaceChildren(...imgs);
  }

  function zoomBy(step) {
    zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom + step));
    draw();
  }

  // Dragging pans: the centre moves by the pointer's travel, converted back from pixels.
  let drag = null;
  root.addEventListener('pointerdown', (e) => {
    if (e.target.closest('button')) return;
    drag = { x: e.clientX, y: e.clientY, c: project(...toMap(centre.lat, centre.lng), zoom) };
    root.setPointerCapture(e.pointerId);
  });
  root.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const x = drag.c.x - (e.clientX - drag.x);
    const y = drag.c.y - (e.clientY - drag.y);
    const scale = TILE * 2 ** zoom;
    const lng = (x / scale) * 360 - 180;
    const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / scale))) * 180) / Math.PI;
    // Back to WGS-84 is close enough for panning: the GCJ offset is the same a few pixels away.
    const [gLat, gLng] = toMap(lat, lng);
    centre = { lat: lat - (gLat - lat), lng: lng - (gLng - lng) };
    draw();
  });
  const end = () => { drag = null; };
  root.addEventListener('pointerup', end);
  root.addEventListener('pointercancel', end);
  window.addEventListener('resize', () => draw());

  return {
    element: root,
    show(next) {
      content = { markers: next.markers || [], shapes: next.shapes || [], me: next.me || null };
      fit();
      draw();
    },
    redraw: draw,
  };
}
