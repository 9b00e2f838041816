/*
 * bodymap.js - the body map: the back, the back of the legs and the arms,
 * seen from behind (the patient's left on the left), drawn here as an
 * SVG, with the places of the back-pain and sleep points of the charting
 * vocabulary that can be seen from behind.
 *
 * BR.bodyMap(opts) returns {node, show(points)}: points is a list of
 * {point, side} ("left", "right", "both" or "midline"); a marker is filled
 * where a point is chosen on that side.  With opts.onTap(point, side) a
 * marker can be tapped ("left", "right" or "midline").  The map is a
 * picture for the eye (aria-hidden): the point list beside it is the
 * picker for the keyboard and screen readers, as before.
 */
'use strict';

(() => {
	const NS = 'http://www.w3.org/2000/svg';
	/* [x, y] of the patient's left side (viewer's left); the right side is
	 * mirrored about x = 100.  Midline points have one place. */
	const PLACES = {
		'EX-B2': [94, 140], BL23: [88, 163], BL52: [78, 163], BL25: [88, 183],
		GB30: [72, 212], BL40: [80, 300], GB34: [67, 316], BL57: [80, 345],
		SP6: [91, 368], BL60: [71, 392], KI3: [89, 392], BL62: [70, 404], KI6: [90, 404],
		HT7: [43, 222], SI3: [38, 236], LI4: [50, 240], 'EX-HN14': [87, 38],
	};
	const MIDLINE = { GV20: [100, 12], GV4: [100, 163], GV3: [100, 177] };

	function svg(tag, attrs) {
		const n = document.createElementNS(NS, tag);
		for (const [k, v] of Object.entries(attrs || {}))
			n.setAttribute(k, String(v));
		return n;
	}

	/* The figure, from behind: head, neck, trunk, arms, legs. */
	function figure(g) {
		const line = { fill: 'none', stroke: '#4a5360', 'stroke-width': 2, 'stroke-linejoin': 'round',
			'stroke-linecap': 'round' };
		g.append(svg('circle', Object.assign({ cx: 100, cy: 30, r: 20 }, line)));
		g.append(svg('path', Object.assign({ d:
			'M92 49 L92 58 L62 68 Q54 72 52 84 L44 150 L40 220 L36 246 L44 250 L50 226 L60 160 L66 112 ' +
			'L70 150 L66 200 L64 250 L70 300 L72 350 L70 398 L64 412 L92 412 L90 398 L92 350 L96 300 L98 240 ' +
			'L100 232 L102 240 L104 300 L108 350 L110 398 L108 412 L136 412 L130 398 L128 350 L130 300 L136 250 ' +
			'L134 200 L130 150 L134 112 L140 160 L150 226 L156 250 L164 246 L160 220 L156 150 L148 84 ' +
			'Q146 72 138 68 L108 58 L108 49' }, line)));
		/* The spine, the waist and the buttock crease, faintly. */
		const faint = { fill: 'none', stroke: '#c4cad3', 'stroke-width': 1.5 };
		g.append(svg('path', Object.assign({ d: 'M100 60 L100 205' }, faint)));
		g.append(svg('path', Object.assign({ d: 'M70 200 Q85 216 100 205 Q115 216 130 200' }, faint)));
		const label = { 'font-size': 11, fill: '#4a5360', 'font-family': 'system-ui, sans-serif', 'text-anchor': 'middle' };
		const l = svg('text', Object.assign({ x: 18, y: 120 }, label));
		l.textContent = 'left';
		const r = svg('text', Object.assign({ x: 182, y: 120 }, label));
		r.textContent = 'right';
		g.append(l, r);
	}

	BR.bodyMap = function bodyMap(opts) {
		opts = opts || {};
		const root = svg('svg', { viewBox: '0 0 200 420', class: 'bodymap', 'aria-hidden': 'true',
			focusable: 'false', width: 200, height: 420 });
		const g = svg('g');
		figure(g);
		root.append(g);
		const markers = [];
		const add = (point, side, x, y) => {
			const c = svg('circle', { cx: x, cy: y, r: 6, class: 'bm-point', 'data-point': point, 'data-side': side });
			const t = svg('title');
			t.textContent = point + (side === 'midline' ? '' : ', ' + side);
			c.append(t);
			if (opts.onTap)
				c.addEventListener('click', () => opts.onTap(point, side));
			markers.push(c);
			root.append(c);
		};
		for (const [point, [x, y]] of Object.entries(PLACES)) {
			add(point, 'left', x, y);
			add(point, 'right', 200 - x, y);
		}
		for (const [point, [x, y]] of Object.entries(MIDLINE))
			add(point, 'midline', x, y);
		return {
			node: root,
			show(points) {
				const on = new Set();
				for (const p of points || []) {
					const s = p.side || 'both';
					if (s === 'both' || s === 'left')
						on.add(p.point + ' left');
					if (s === 'both' || s === 'right')
						on.add(p.point + ' right');
					on.add(p.point + ' midline');
				}
				for (const c of markers)
					c.classList.toggle('on', on.has(c.dataset.point + ' ' + c.dataset.side));
			},
		};
	};
	BR.bodyMapPoints = () => Object.keys(PLACES).concat(Object.keys(MIDLINE));
})();
