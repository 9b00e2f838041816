/*
 * chart.js - a patient's chart for the practitioner: who, the red-flag
 * status first (with the screen waiting for clearance, its clearing, or a
 * new screen), the episode and its phase, the pain-and-sleep timeline
 * with session markers, questionnaire trends and the STarT Back risk
 * group, the intake history, the sessions with their TCM findings, the
 * points history, herbal prescriptions and the diary; the plan, home
 * program and visits come from care.js, the outcome, the pain-sleep
 * pattern and the report from outcome.js.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const msg = $('msg');
	const id = BR.idParam('id');
	let s;
	try {
		s = await BR.requireSession('practitioner');
	} catch (e) {
		BR.say(msg, 'bad', e.message);
		return;
	}
	if (!id) {
		BR.say(msg, 'bad', 'No patient was chosen: open a patient from Today.');
		return;
	}
	let patient, summary, diary, device;
	try {
		[patient, summary, diary, device] = await Promise.all([
			BR.api('GET', '/api/v1/patients/' + id),
			BR.api('GET', '/api/v1/patients/' + id + '/summary'),
			BR.api('GET', '/api/v1/patients/' + id + '/diary'),
			/* A sleep tracker's nights: the chart is whole without. */
			BR.api('GET', '/api/v1/patients/' + id + '/sleep').catch(() => []),
		]);
	} catch (e) {
		BR.say(msg, 'bad', e.status === 404 ? 'This patient does not exist or is not in your clinic.' : e.message);
		return;
	}
	const lists = await BR.pool(patient.episodes, 3, (e) =>
		BR.api('GET', '/api/v1/episodes/' + e.id + '/sessions'));
	const sessions = lists.filter((l) => Array.isArray(l)).flat()
		.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

	/* Who and which episode. */
	document.title = patient.name + ' · backrest';
	$('name').textContent = patient.name;
	const meta = [];
	if (patient.born)
		meta.push('born ' + BR.fmtDate(patient.born, { weekday: undefined, year: 'numeric' }));
	if (patient.sex && patient.sex !== 'unknown')
		meta.push(patient.sex);
	if (patient.ref)
		meta.push('ref ' + patient.ref);
	$('meta').textContent = meta.join(' · ');
	const ep = summary.episode;
	const epBox = $('episode');
	const open = ep && ep.status === 'open' ? ep : null;
	if (ep) {
		const words = [ep.region.replace('-', ' ') + ' pain' + (ep.sciatica ? ' with sciatica' : ''),
			'since ' + BR.fmtDate(ep.onset, { year: 'numeric' }) + ' (' + Math.floor(ep.duration_weeks) + ' weeks)'];
		epBox.append(BR.el('p', {},
			BR.el('span', { class: 'badge ' + (ep.phase.cochrane === 'chronic' ? 'warn' : 'ok'),
				text: ep.phase.cochrane }), ' ',
			words.join(', '), ep.code ? ' · ' + ep.code : '',
			ep.status !== 'open' ? ' · closed ' + BR.fmtDate(ep.closed_on) : ''));
	} else {
		epBox.append(BR.el('p', { class: 'muted', text: 'No episode yet.' }));
	}
	if (open) {
		const a = $('new-session');
		a.href = '/practice/session?episode=' + open.id + '&patient=' + patient.id;
		a.hidden = false;
	} else {
		const a = $('new-episode');
		a.href = '/practice/intake?patient=' + patient.id;
		a.hidden = false;
	}

	/* The current episode's clinical records. */
	const rec = {};
	if (ep) {
		const u = '/api/v1/episodes/' + ep.id;
		const got = await BR.pool([
			['episode', u], ['screens', u + '/screens'], ['measures', u + '/measures'],
			['instruments', '/api/v1/instruments'], ['points', u + '/points'], ['tcm', u + '/tcm'],
			['herbs', u + '/herbal'], ['flags', '/api/v1/red-flags'],
		], 4, ([k, path]) => BR.api('GET', path).then((v) => [k, v]));
		for (const g of got)
			if (Array.isArray(g))
				rec[g[0]] = g[1];
		if (got.some((g) => g instanceof Error))
			BR.say(msg, 'bad', 'Part of the chart could not be loaded; reload the page to try again.');
	}
	redFlags();
	if (ep) {
		const a = $('edit-intake');
		a.href = '/practice/intake?episode=' + ep.id;
		a.hidden = !open;
	}
	$('previsit').href = '/practice/previsit?id=' + id;
	$('previsit').hidden = false;
	measures();
	intake();
	points();
	herbs();
	/* The plan, the home program and the visits (care.js). */
	const care = ep ? BR.careChart({ ep, open, patient, sessions, today: s.today }) : null;
	/* The outcome, the pain-sleep pattern and the report (outcome.js). */
	const outcome = ep ? BR.outcomeChart({ ep, patient, today: s.today }) : null;

	/* Figures: the last week against the first. */
	const last = summary.diary.last_7_days;
	const first = summary.diary.first_7_days && summary.diary.first_7_days.to < last.from
		? summary.diary.first_7_days : null;
	const figs = $('figures');
	const fig = (big, what) => figs.append(BR.el('div', { class: 'figure' },
		BR.el('span', { class: 'big', text: big }), BR.el('span', { class: 'what', text: what })));
	fig(BR.num(last.pain.mean), 'pain, mean of last 7 days' +
		(first ? ' (first week ' + BR.num(first.pain.mean) + ')' : ''));
	fig(BR.hm(last.tst_min.mean), 'asleep a night, last 7 days' +
		(first ? ' (first week ' + BR.hm(first.tst_min.mean) + ')' : ''));
	fig(last.se_pct.mean === null ? '—' : BR.num(last.se_pct.mean) + ' %', 'sleep efficiency, last 7 days');
	fig(last.diary_days + ' of 7', 'diary days this week (' + summary.diary.total_days + ' in all)');
	fig(String(sessions.length), 'sessions' + (sessions.length ? ', last ' + BR.fmtDate(sessions[sessions.length - 1].date) : ''));

	/* From the first diary day or session, at least the last 2 weeks. */
	const starts = [diary.length ? diary[0].date : null, sessions.length ? sessions[0].date : null,
		BR.addDays(s.today, -13)].filter(Boolean).sort();
	BR.timeline($('chart'), diary, { sessions, device, height: 300, live: true, from: starts[0], to: s.today,
		label: 'Timeline of daily pain (0 to 10) and hours asleep with 7-day means; ' +
			'treatment sessions are marked S1, S2 and so on. The same data are in the tables below.' });

	/* The tracker beside the diary: the server's sentence on diary minus
	 * device over the shown days (the report prints the same one). */
	if (device.length) {
		const cmp = await BR.api('GET', '/api/v1/patients/' + id + '/sleep/comparison?from=' +
			starts[0] + '&to=' + s.today).catch(() => null);
		if (cmp)
			$('pattern').before(BR.el('p', { id: 'device-diff', class: 'small', text: cmp.sentence }));
	}

	/* Sessions, newest first, with their TCM findings. */
	const tcmBySession = new Map((rec.tcm || []).map((a) => [a.session_id, a]));
	const st = $('sessions').tBodies[0];
	sessions.forEach((x, i) => {
		const ea = x.electroacupuncture;
		const what = x.modalities.join(', ') +
			(x.minutes ? ', ' + x.minutes + ' min' : '') +
			(ea && ea.hz ? ', EA ' + ea.hz + ' Hz' : '') +
			(x.massage ? ' (' + x.massage + ')' : '') +
			(x.cupping ? ' (' + x.cupping + ' cupping)' : '') +
			(x.moxa ? ' (' + x.moxa + ' moxa)' : '');
		const pts = x.points.map((p) => p.point + (p.side === 'left' ? ':L' : p.side === 'right' ? ':R' : '')).join(' ');
		st.prepend(BR.el('tr', { 'data-kind': 'session', 'data-key': String(x.id) },
			BR.el('td', { text: 'S' + (i + 1) }),
			BR.el('th', { scope: 'row', text: BR.fmtDate(x.date, { year: 'numeric' }) }),
			BR.el('td', { text: what }),
			BR.el('td', { text: pts || '—' }),
			BR.el('td', { class: 'num', text: (x.pain_before === null ? '—' : x.pain_before) + ' → ' +
				(x.pain_after === null ? '—' : x.pain_after) }),
			BR.el('td', { text: x.adverse.length ? x.adverse.join(', ') : 'none' }),
			BR.el('td', { class: 'small', text: tcmBySession.has(x.id) ? BR.tcmSummary(tcmBySession.get(x.id)) : '—' })));
	});
	if (!sessions.length)
		st.append(BR.el('tr', {}, BR.el('td', { colspan: '7', class: 'muted', text: 'No sessions yet.' })));
	/* The last session's points on the body map (points the map does not
	 * show are named under it). */
	const lastPts = sessions.length ? sessions[sessions.length - 1] : null;
	if (lastPts && lastPts.points.length) {
		await BR.bodyMapReady.catch(() => {});
		const map = BR.bodyMap();
		map.show(lastPts.points);
		const onMap = new Set(BR.bodyMapPoints());
		const off = lastPts.points.filter((p) => !onMap.has(p.point)).map((p) => p.point);
		$('sessions').closest('.table-wrap').after(BR.el('figure', { class: 'bodymap-wrap', id: 'session-map' },
			map.node, BR.el('figcaption', { class: 'small', text: 'Points of S' + sessions.length + ' (' +
				BR.fmtDate(lastPts.date, { year: 'numeric' }) + ') on the body map, seen from behind: ' +
				lastPts.points.map((p) => p.point + (p.side === 'left' ? ' left' : p.side === 'right' ? ' right' : '')).join(', ') +
				(off.length ? '. Not on the map: ' + off.join(', ') : '') + '.' })));
	}

	/* Diary, newest first; the sleep columns are the Consensus Sleep
	 * Diary's (Carney et al. 2012), each the quantity it names. */
	const minutes = (v) => (v === null || v === undefined ? '—' : v + ' min');
	const dt = $('diary').tBodies[0];
	for (const d of diary.slice().reverse())
		dt.append(BR.el('tr', { 'data-kind': 'diary_day', 'data-key': d.date },
			BR.el('th', { scope: 'row', text: BR.fmtDate(d.date) }),
			BR.el('td', { class: 'num', text: d.pain === null ? '—' : d.pain }),
			BR.el('td', { class: 'num', text: d.pain_worst === null ? '—' : d.pain_worst }),
			BR.el('td', { class: 'num', text: d.bed ? d.bed + '–' + (d.up || '?') : '—' }),
			BR.el('td', { class: 'num', text: minutes(d.sol) }),
			BR.el('td', { class: 'num', text: d.wakes === null || d.wakes === undefined ? '—' : String(d.wakes) }),
			BR.el('td', { class: 'num', text: minutes(d.waso) }),
			BR.el('td', { class: 'num', text: minutes(d.twak_min) }),
			BR.el('td', { class: 'num', text: BR.hm(d.tst_min) }),
			BR.el('td', { class: 'num', text: d.se_pct === null ? '—' : BR.num(d.se_pct) + ' %' }),
			BR.el('td', { text: BR.qualityWord(d.quality) }),
			BR.el('td', { class: 'num', text: d.activity_min === null ? '—' : d.activity_min + ' min' }),
			BR.el('td', { text: d.note || '' })));
	if (!diary.length)
		dt.append(BR.el('tr', {}, BR.el('td', { colspan: '13', class: 'muted', text: 'No diary entries yet.' })));
	/* Corrected records say so, their versions one click away (care.js). */
	BR.markCorrected(patient.id, [$('sessions'), $('diary')]);
	if (location.hash === '#sessions')
		$('sessions-h').scrollIntoView();
	if (outcome) {
		await outcome;
		if (['#outcome', '#report'].includes(location.hash))
			$(location.hash.slice(1) + '-h').scrollIntoView();
	}
	if (care) {
		await care;
		if (['#plan', '#visits', '#program'].includes(location.hash))
			$(location.hash.slice(1) + '-h').scrollIntoView();
	}

	/* Red flags --------------------------------------------------------------- */
	function redFlags() {
		const box = BR.clear($('redflag-status'));
		if (!ep || !rec.screens)
			return;
		const screens = rec.screens;
		const waiting = screens.filter((x) => x.tier !== 'none' && !x.cleared);
		const last = screens.length ? screens[screens.length - 1] : null;
		const el = BR.el;
		if (waiting.length) {
			const w = waiting[waiting.length - 1];
			const form = el('form', { class: 'clear-form', novalidate: true },
				el('div', { class: 'field' }, el('label', { for: 'clear-reason', text: 'Reason for clearing the screen' }),
					el('textarea', { id: 'clear-reason', name: 'reason', maxlength: '1000' })),
				el('div', { class: 'msg', role: 'alert', id: 'clear-msg' }),
				el('button', { type: 'submit', text: 'Clear the screen' }));
			form.addEventListener('submit', async (e) => {
				e.preventDefault();
				const reason = form.reason.value.trim();
				if (!reason) {
					BR.showError($('clear-msg'), form, new BR.ApiError(0, 'invalid', 'Give the reason for clearing the screen.', 'reason'));
					return;
				}
				try {
					await BR.api('POST', '/api/v1/episodes/' + ep.id + '/screens/clear', { reason });
					location.reload();
				} catch (err) {
					BR.showError($('clear-msg'), form, err);
				}
			});
			box.append(el('div', { class: 'card urgent', id: 'redflag-waiting' },
				el('h3', {}, BR.tierBadge(w.tier, '— not cleared'), ' red-flag screen of ',
					BR.fmtDate(w.date, { year: 'numeric' })),
				el('p', { class: 'action', text: w.action }),
				w.reasons.length ? el('ul', {}, w.reasons.map((r) => el('li', { text: r }))) : null,
				el('p', { text: 'No session can be charted until the screen is cleared with a reason.' }),
				form));
		} else if (last) {
			box.append(el('p', {}, BR.tierBadge(last.tier, last.cleared ? '— cleared' : ''), ' ',
				'last red-flag screen ' + BR.fmtDate(last.date, { year: 'numeric' }) +
				(last.cleared ? ' (cleared by ' + last.cleared.by + ': ' + last.cleared.reason + ')' : '')));
		} else {
			box.append(el('p', {}, el('span', { class: 'badge warn', text: 'Not screened' }), ' ',
				'No red-flag screen in this episode yet.'));
		}
		if (open && !waiting.length && rec.flags) {
			const list = BR.flagChecklist(rec.flags, { prefix: 'chart-rf', legend: 'Red-flag screen today' });
			const f = el('form', { novalidate: true }, list.node,
				el('div', { class: 'msg', role: 'alert', id: 'screen-msg' }),
				el('button', { type: 'submit', text: 'Save the screen' }));
			f.addEventListener('submit', async (e) => {
				e.preventDefault();
				const v = list.value();
				if (v === null || (Array.isArray(v) && !v.length)) {
					BR.say($('screen-msg'), 'bad', 'Choose "No red flags found" or tick the red flags found.');
					return;
				}
				try {
					await BR.api('POST', '/api/v1/episodes/' + ep.id + '/screens', v === 'none' ? { none: true } : { flags: v });
					location.reload();
				} catch (err) {
					BR.showError($('screen-msg'), f, err);
				}
			});
			box.append(el('details', {}, el('summary', { text: 'Screen for red flags now' }), f));
		}
		if (screens.length)
			box.append(el('details', {}, el('summary', { text: 'Every screen of this episode (' + screens.length + ')' }),
				el('div', { class: 'table-wrap' }, el('table', {},
					el('thead', {}, el('tr', {}, ['Date', 'Result', 'Flags', 'Screened by', 'Cleared'].map((h) =>
						el('th', { scope: 'col', text: h })))),
					el('tbody', {}, screens.slice().reverse().map((x) => el('tr', {},
						el('th', { scope: 'row', text: BR.fmtDate(x.date, { year: 'numeric' }) }),
						el('td', {}, BR.tierBadge(x.tier)),
						el('td', { text: x.flags.length ? x.flags.map(BR.words).join(', ') : 'none' }),
						el('td', { text: x.screened_by }),
						el('td', { text: x.cleared ? BR.fmtDate(x.cleared.at.slice(0, 10)) + ' by ' + x.cleared.by +
							': ' + x.cleared.reason : x.tier === 'none' ? '—' : 'not yet' }))))))));
	}

	/* Questionnaires -------------------------------------------------------- */
	function measures() {
		const strat = rec.episode && rec.episode.stratification;
		const list = rec.measures || [];
		if (!ep || (!list.length && !strat))
			return;
		$('measures-card').hidden = false;
		if (strat)
			$('risk').append(BR.el('p', {},
				BR.el('span', { class: 'badge ' + (strat.risk_group === 'high' ? 'bad' : strat.risk_group === 'medium' ? 'warn' : 'ok'),
					text: 'STarT Back: ' + strat.risk_group + ' risk' }), ' ',
				'matched care: ' + strat.pathway + (strat.date ? ' (' + BR.fmtDate(strat.date, { year: 'numeric' }) + ')' : '')),
			BR.el('p', { class: 'small muted', text: strat.caveat }));
		const info = new Map((rec.instruments || []).map((i) => [i.id, i]));
		const by = new Map();
		for (const m of list) {
			if (!by.has(m.instrument))
				by.set(m.instrument, []);
			by.get(m.instrument).push(m);
		}
		const tb = $('measures').tBodies[0];
		for (const [id, ms] of by) {
			ms.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
			const first = ms[0], last = ms[ms.length - 1];
			const i = info.get(id);
			const fmt = (m) => (m.score === null ? 'not scored' : String(m.score)) + (m.band ? ' (' + BR.words(m.band) + ')' : '') +
				(m.source === 'patient' ? ', patient-reported' : '');
			let change = '—';
			if (ms.length > 1 && first.score !== null && last.score !== null) {
				const d = Math.round((last.score - first.score) * 10) / 10;
				const better = i && i.direction === 'higher-better' ? d > 0 : d < 0;
				change = d === 0 ? 'no change' : (better ? 'better by ' : 'worse by ') + Math.abs(d);
			}
			tb.append(BR.el('tr', {},
				BR.el('th', { scope: 'row', text: i ? i.name : id }),
				BR.el('td', { text: fmt(first) + ', ' + BR.fmtDate(first.date, { year: 'numeric' }) }),
				BR.el('td', { text: ms.length > 1 ? fmt(last) + ', ' + BR.fmtDate(last.date, { year: 'numeric' }) : '—' }),
				BR.el('td', { text: change }),
				BR.el('td', { class: 'small', text: ms.map((m) => (m.score === null ? '?' : m.score) + (m.source === 'patient' ? ' (patient)' : '')).join(' → ') })));
		}
		if (!list.length)
			tb.append(BR.el('tr', {}, BR.el('td', { colspan: '5', class: 'muted', text: 'No questionnaires yet.' })));
	}

	/* Intake ---------------------------------------------------------------- */
	function intake() {
		if (!ep || !rec.episode)
			return;
		const x = rec.episode.intake;
		const card = $('intake-card');
		card.hidden = false;
		const box = $('intake-summary');
		if (!x) {
			box.append(BR.el('p', { class: 'muted', text: 'No intake history recorded for this episode.' }));
			return;
		}
		const yes = (v) => (v === true ? 'yes' : v === false ? 'no' : null);
		const list = (v) => (v === null ? null : v.length ? v.map((i) => BR.words(typeof i === 'string' ? i
			: i.location ? i.location + (i.side ? ' (' + i.side + ')' : '') : i.name + (i.dose ? ' ' + i.dose : ''))).join(', ')
			: 'none reported');
		const join = (...a) => a.filter((v) => v !== null && v !== undefined && v !== '').join(', ') || null;
		const rows = [
			['Onset', join(BR.words(x.onset_mode) === '—' ? null : BR.words(x.onset_mode), x.onset_note)],
			['Where', list(x.locations)],
			['Spreads to', x.radiation ? join(BR.words(x.radiation), x.radiation_side) : null],
			['Worse with', list(x.aggravating)],
			['Better with', list(x.easing)],
			['Work', join(x.work && BR.words(x.work), x.sitting_hours !== null ? x.sitting_hours + ' h sitting' : null,
				x.lifting && 'lifting ' + x.lifting, x.lifting_technique && x.lifting_technique + ' technique')],
			['Activity', x.activity],
			['Body', join(x.height_cm !== null ? x.height_cm + ' cm' : null, x.weight_kg !== null ? x.weight_kg + ' kg' : null,
				x.bmi !== null && x.bmi !== undefined ? 'BMI ' + x.bmi : null)],
			['Smoking', join(x.smoking, x.cigarettes_per_day !== null ? x.cigarettes_per_day + ' a day' : null)],
			['Lifestyle', x.lifestyle_note],
			['Conditions', join(list(x.conditions), x.conditions_note)],
			['Treatments tried', join(list(x.treatments), x.treatments_note)],
			['Medicines', list(x.medicines)],
			['Night pain', join(yes(x.night_pain), x.pain_wakes !== null ? 'woken ' + x.pain_wakes + ' times a night' : null)],
			['Sleep', join(yes(x.position_difficulty) && 'hard to get comfortable: ' + yes(x.position_difficulty),
				x.sleep_position && 'sleeps on ' + x.sleep_position, x.mattress && x.mattress + ' mattress' +
					(x.mattress_years !== null ? ', ' + x.mattress_years + ' years old' : ''),
				x.pillows !== null ? x.pillows + ' pillows' : null, yes(x.knee_pillow) && 'knee pillow: ' + yes(x.knee_pillow),
				x.sleep_note)],
			['Goals', x.goals],
		].filter((r) => r[1] !== null && r[1] !== undefined);
		box.append(BR.el('p', { class: 'small muted', text: 'Taken ' + BR.fmtDate(x.date, { year: 'numeric' }) }),
			rows.length ? BR.el('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [BR.el('dt', { text: k }), BR.el('dd', { text: v })]))
				: BR.el('p', { class: 'muted', text: 'Nothing recorded yet.' }));
	}

	/* Points history ---------------------------------------------------------- */
	function points() {
		const h = rec.points;
		if (!h || !h.visits.length)
			return;
		$('points-card').hidden = false;
		const num = new Map(sessions.map((x, i) => [x.id, 'S' + (i + 1)]));
		const pt = (p) => p.point + (p.side === 'left' ? ':L' : p.side === 'right' ? ':R' : '');
		const words = (a) => (a.length ? a.map(pt).join(' ') : '—');
		const tv = $('points-visits').tBodies[0];
		for (const v of h.visits.slice().reverse())
			tv.append(BR.el('tr', {},
				BR.el('th', { scope: 'row', text: (num.get(v.session_id) || 'S?') + ', ' + BR.fmtDate(v.date) }),
				BR.el('td', { text: v.previous_session_id ? words(v.added) : 'first: ' + words(v.added) }),
				BR.el('td', { text: words(v.dropped) }),
				BR.el('td', { text: v.side_changed.length ? v.side_changed.map((c) => c.point + ' ' + c.from + ' → ' + c.to).join(', ') : '—' }),
				BR.el('td', { text: words(v.kept) })));
		const ta = $('points-all').tBodies[0];
		for (const p of h.points.slice().sort((a, b) => b.sessions - a.sessions))
			ta.append(BR.el('tr', {},
				BR.el('th', { scope: 'row', text: p.point }),
				BR.el('td', { class: 'num', text: String(p.sessions) }),
				BR.el('td', { text: BR.fmtDate(p.first) }),
				BR.el('td', { text: BR.fmtDate(p.last) })));
	}

	/* Herbal prescriptions ------------------------------------------------------ */
	function herbs() {
		const list = rec.herbs;
		if (!list || !list.length)
			return;
		$('herbs-card').hidden = false;
		const tb = $('herbs').tBodies[0];
		for (const x of list.slice().reverse())
			tb.append(BR.el('tr', {},
				BR.el('th', { scope: 'row', text: BR.fmtDate(x.date, { year: 'numeric' }) }),
				BR.el('td', { text: [x.formula.pinyin, x.formula.chinese, x.formula.english].filter(Boolean).join(' · ') }),
				BR.el('td', { text: x.form + ', ' + x.dose + (x.duration ? ', ' + x.duration : '') }),
				BR.el('td', { text: x.status === 'current' ? 'current' : 'ended ' + BR.fmtDate(x.ended_on) + ' (' + BR.words(x.end_reason) + ')' }),
				BR.el('td', { text: x.adverse_effects.length ? x.adverse_effects.map((a) => BR.words(a.effect) +
					(a.severity ? ' (' + a.severity + ')' : '')).join(', ') : 'none' })));
	}
})();
