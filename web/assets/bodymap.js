/*
 * bodymap.js - the body map: the back, the back of the legs and the arms,
 * seen from behind (the patient's left on the left), drawn here as an
 * SVG, with the places of the back-pain and sleep points of the charting
 * vocabulary that can be seen from behind.  The geometry is the data
 * file the one-page report draws too (GET /assets/bodymap.json: the
 * figure's lines and each point's place), so the two maps are one.
 *
 * BR.bodyMapReady resolves once the geometry is loaded; until then a map
 * is an empty picture that fills in when it arrives.  BR.bodyMap(opts)
 * returns {node, show(points)}: points is a list of {point, side}
 * ("left", "right", "both" or "midline"); a marker is filled where a
 * point is chosen on that side.  With opts.onTap(point, side) a marker
 * can be tapped ("left", "right" or "midline").  The map is a picture
 * for the eye (aria-hidden): the point list beside it is the picker for
 * the keyboard and screen readers, as before.  BR.bodyMapPoints() lists
 * the points the map shows (empty before the geometry is loaded).
 */
'use strict';

(() => {
	const NS = 'http://www.w3.org/2000/svg';
	let geometry = null;
	const loaded = fetch('/assets/bodymap.json', { credentials: 'same-origin' })
		.then((r) => {
			if (!r.ok)
				throw new Error('The body map could not be loaded (' + r.status + ').');
			return r.json();
		})
		.then((g) => {
			geometry = g;
			return g;
		});
	/* A page without a map never waits on it; a failed load leaves the
	 * list, which is the picker anyway. */
	loaded.catch(() => {});

	function svg(tag, attrs) {
		const n = document.createElementNS(NS, tag);
		for (const [k, v] of Object.entries(attrs || {}))
			n.setAttribute(k, String(v));
		return n;
	}

	const pairs = (xy) => {
		const out = [];
		for (let i = 0; i + 1 < xy.length; i += 2)
			out.push(xy[i] + ',' + xy[i + 1]);
		return out.join(' ');
	};

	/* The figure, from behind: head, body outline, and the spine, the
	 * waist and the buttock crease, faintly. */
	function figure(g, m) {
		const line = { fill: 'none', stroke: '#4a5360', 'stroke-width': 2, 'stroke-linejoin': 'round',
			'stroke-linecap': 'round' };
		const faint = { fill: 'none', stroke: '#c4cad3', 'stroke-width': 1.5 };
		g.append(svg('circle', Object.assign({ cx: m.head[0], cy: m.head[1], r: m.head[2] }, line)));
		for (const xy of m.outline)
			g.append(svg('polyline', Object.assign({ points: pairs(xy) }, line)));
		for (const xy of m.faint)
			g.append(svg('polyline', Object.assign({ points: pairs(xy) }, faint)));
		for (const l of m.labels) {
			const t = svg('text', { x: l.x, y: l.y, 'font-size': 11, fill: '#4a5360',
				'font-family': 'system-ui, sans-serif', 'text-anchor': 'middle' });
			t.textContent = l.text;
			g.append(t);
		}
	}

	BR.bodyMapReady = loaded.then(() => undefined);

	BR.bodyMap = function bodyMap(opts) {
		opts = opts || {};
		const root = svg('svg', { viewBox: '0 0 200 420', class: 'bodymap', 'aria-hidden': 'true',
			focusable: 'false', width: 200, height: 420 });
		const markers = [];
		let chosen = [];
		const paint = () => {
			const on = new Set();
			for (const p of chosen) {
				const s = p.side || 'both';
				if (s === 'both' || s === 'left')
					on.add(p.point + ' left');
				if (s === 'both' || s === 'right')
					on.add(p.point + ' right');
				on.add(p.point + ' midline');
			}
			for (const c of markers)
				c.classList.toggle('on', on.has(c.dataset.point + ' ' + c.dataset.side));
		};
		const draw = (m) => {
			root.setAttribute('viewBox', '0 0 ' + m.width + ' ' + m.height);
			root.setAttribute('width', m.width);
			root.setAttribute('height', m.height);
			const g = svg('g');
			figure(g, m);
			root.append(g);
			const add = (point, side, x, y) => {
				const c = svg('circle', { cx: x, cy: y, r: 6, class: 'bm-point', 'data-point': point,
					'data-side': side });
				const t = svg('title');
				t.textContent = point + (side === 'midline' ? '' : ', ' + side);
				c.append(t);
				if (opts.onTap)
					c.addEventListener('click', () => opts.onTap(point, side));
				markers.push(c);
				root.append(c);
			};
			for (const [point, [x, y]] of Object.entries(m.paired)) {
				add(point, 'left', x, y);
				add(point, 'right', m.width - x, y);
			}
			for (const [point, [x, y]] of Object.entries(m.midline))
				add(point, 'midline', x, y);
			paint();
		};
		if (geometry)
			draw(geometry);
		else
			loaded.then(draw, () => {});
		return {
			node: root,
			show(points) {
				chosen = points || [];
				paint();
			},
		};
	};
	BR.bodyMapPoints = () => (geometry ? Object.keys(geometry.paired).concat(Object.keys(geometry.midline)) : []);
})();
