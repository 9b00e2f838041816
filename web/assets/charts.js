/*
 * charts.js - the pain-and-sleep timeline (uPlot, from npm, embedded at
 * build time): daily pain 0-10 and hours asleep, their 7-day means, and
 * optional treatment-session markers, and optionally (opts.device: the
 * nights a sleep tracker recorded) the device's hours asleep as one more
 * line, dotted orange with diamond-less square dots.
 *
 * Series differ by line style and marker as well as colour (pain: solid
 * line, filled dots; sleep: dashed line, hollow dots; 7-day means: wide
 * pale lines), and the legend names each one,
 * so nothing depends on telling colours apart.  The canvas has a text
 * alternative (aria-label); pages show the same numbers in a table.
 */
'use strict';

BR.timeline = function timeline(box, days, opts) {
	opts = opts || {};
	const sessions = opts.sessions || [];
	BR.clear(box);
	box.classList.toggle('empty', !days.length);
	if (!days.length) {
		box.append(BR.el('p', { class: 'muted', text: opts.empty || 'No diary entries yet.' }));
		return null;
	}
	/* A sleep tracker's nights: their days join the diary's. */
	const device = new Map((opts.device || []).map((n) => [n.night, n.asleep_min]));
	if (device.size) {
		const have = new Set(days.map((d) => d.date));
		const extra = [...device.keys()].filter((d) => !have.has(d))
			.map((d) => ({ date: d, pain: null, tst_min: null }));
		days = days.concat(extra).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
	}
	const dates = days.map((d) => d.date);
	const xs = dates.map(BR.chartTime);
	const pain = days.map((d) => d.pain);
	const sleep = days.map((d) => (d.tst_min === null ? null : Math.round(d.tst_min / 6) / 10));
	const pain7 = BR.rolling7(dates, pain);
	const sleep7 = BR.rolling7(dates, sleep);

	const sessionPlugin = {
		hooks: {
			draw: [(u) => {
				if (!sessions.length)
					return;
				const ctx = u.ctx;
				const top = u.bbox.top, h = u.bbox.height;
				ctx.save();
				ctx.strokeStyle = '#5b2a86';
				ctx.fillStyle = '#5b2a86';
				ctx.lineWidth = 2 * devicePixelRatio;
				ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
				ctx.font = (11 * devicePixelRatio) + 'px system-ui, sans-serif';
				ctx.textAlign = 'center';
				/* Every session gets its line; a label that would touch
				 * the one before it is left out (the table and the
				 * legend name every session), so on a phone labels
				 * never overlap.  The labels drawn are recorded, in CSS
				 * pixels, on the chart box (data-session-labels). */
				const drawn = [];
				let right = -Infinity;
				const gap = 4 * devicePixelRatio;
				sessions.forEach((s, i) => {
					const x = u.valToPos(BR.chartTime(s.date), 'x', true);
					if (x < u.bbox.left || x > u.bbox.left + u.bbox.width)
						return;
					ctx.beginPath();
					ctx.moveTo(x, top + 14 * devicePixelRatio);
					ctx.lineTo(x, top + h);
					ctx.stroke();
					const text = 'S' + (i + 1);
					const w = ctx.measureText(text).width;
					if (x - w / 2 < right + gap)
						return;
					ctx.fillText(text, x, top + 10 * devicePixelRatio);
					right = x + w / 2;
					drawn.push({ text, left: (x - w / 2) / devicePixelRatio,
						right: (x + w / 2) / devicePixelRatio });
				});
				box.dataset.sessionLabels = JSON.stringify(drawn);
				ctx.restore();
			}],
		},
	};

	const width = () => Math.max(280, box.clientWidth || 320);
	const height = opts.height || 260;
	const painColor = '#a4161a', sleepColor = '#0b5cad';
	const u = new uPlot({
		width: width(),
		height,
		plugins: [sessionPlugin],
		cursor: { drag: { x: false, y: false } },
		legend: { live: !!opts.live },
		scales: {
			x: opts.from ? { time: true, range: () => [BR.chartTime(opts.from) - 43200, BR.chartTime(opts.to) + 43200] }
				: { time: true },
			pain: { range: [0, 10] },
			hours: { range: (u, min, max) => [0, Math.max(10, Math.ceil(max || 0))] },
		},
		axes: [
			{ stroke: '#1b1f24', grid: { stroke: '#e2e6ea' },
				/* Whole days only: a diary has one value a day; on a
				 * narrow chart (a phone) weekly ticks at the least,
				 * spaced so their dates never touch. */
				incrs: (width() < 560 ? [7, 14, 28, 56, 91, 182, 364] : [1, 2, 7, 14, 28, 56, 91, 182, 364])
					.map((d) => d * 86400),
				space: width() < 560 ? 56 : 50,
				values: (u, vals) => vals.map((v) => new Date(v * 1000).toLocaleDateString(
					undefined, { day: 'numeric', month: 'short' })) },
			{ scale: 'pain', label: 'Pain (0–10)', stroke: painColor, grid: { stroke: '#e2e6ea' } },
			{ scale: 'hours', side: 1, label: 'Hours asleep', stroke: sleepColor, grid: { show: false } },
		],
		series: [
			{ label: 'Date', value: (u, v) => (v === null ? '—' : new Date(v * 1000).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })) },
			{ label: 'Pain', scale: 'pain', stroke: painColor, width: 2,
				points: { show: true, size: 6, fill: painColor }, spanGaps: false,
				value: (u, v) => (v === null ? '—' : v + ' / 10') },
			{ label: 'Hours asleep', scale: 'hours', stroke: sleepColor, width: 2,
				dash: [8, 5], points: { show: true, size: 7, fill: '#ffffff', width: 2 }, spanGaps: false,
				value: (u, v) => (v === null ? '—' : v + ' h') },
			{ label: 'Pain, 7-day average', scale: 'pain', stroke: painColor, width: 4,
				alpha: 0.45, points: { show: false },
				value: (u, v) => (v === null ? '—' : v.toFixed(1)) },
			{ label: 'Sleep, 7-day average', scale: 'hours', stroke: sleepColor, width: 4,
				alpha: 0.45, dash: [2, 4], points: { show: false },
				value: (u, v) => (v === null ? '—' : v.toFixed(1) + ' h') },
		],
	}, [xs, pain, sleep, pain7, sleep7], box);
	if (device.size) {
		const dv = dates.map((d) => (device.has(d) ? Math.round(device.get(d) / 6) / 10 : null));
		u.addSeries({ label: 'Hours asleep, tracker', scale: 'hours', stroke: '#b35900', width: 2,
			dash: [2, 3], points: { show: true, size: 6, fill: '#b35900' }, spanGaps: false,
			value: (u, v) => (v === null ? '—' : v + ' h') });
		u.setData([xs, pain, sleep, pain7, sleep7, dv]);
	}

	u.root.querySelector('canvas').setAttribute('role', 'img');
	u.root.querySelector('canvas').setAttribute('aria-label', opts.label ||
		'Chart of daily pain and hours asleep; the same numbers are in the table below.');
	box.append(BR.el('p', { class: 'chart-key', text:
		'Pain: solid red line with filled dots. Hours asleep: dashed blue line with open dots. ' +
		'7-day averages: wide pale lines.' +
		(device.size ? ' Hours asleep by the sleep tracker: dotted orange line with filled dots.' : '') +
		(sessions.length ? ' Dashed purple lines marked S1, S2, … are treatment sessions.' : '') }));
	let t = null;
	window.addEventListener('resize', () => {
		clearTimeout(t);
		t = setTimeout(() => u.setSize({ width: width(), height }), 150);
	});
	return u;
};
