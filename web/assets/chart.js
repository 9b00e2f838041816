/*
 * chart.js - a patient's chart for the practitioner: who, the episode and
 * its phase, the pain-and-sleep timeline with session markers, the
 * sessions and the diary.
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
	let patient, summary, diary;
	try {
		[patient, summary, diary] = await Promise.all([
			BR.api('GET', '/api/v1/patients/' + id),
			BR.api('GET', '/api/v1/patients/' + id + '/summary'),
			BR.api('GET', '/api/v1/patients/' + id + '/diary'),
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
	BR.timeline($('chart'), diary, { sessions, height: 300, live: true, from: starts[0], to: s.today,
		label: 'Timeline of daily pain (0 to 10) and hours asleep with 7-day means; ' +
			'treatment sessions are marked S1, S2 and so on. The same data are in the tables below.' });

	/* Sessions, newest first. */
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
		st.prepend(BR.el('tr', {},
			BR.el('td', { text: 'S' + (i + 1) }),
			BR.el('th', { scope: 'row', text: BR.fmtDate(x.date, { year: 'numeric' }) }),
			BR.el('td', { text: what }),
			BR.el('td', { text: pts || '—' }),
			BR.el('td', { class: 'num', text: (x.pain_before === null ? '—' : x.pain_before) + ' → ' +
				(x.pain_after === null ? '—' : x.pain_after) }),
			BR.el('td', { text: x.adverse.length ? x.adverse.join(', ') : 'none' })));
	});
	if (!sessions.length)
		st.append(BR.el('tr', {}, BR.el('td', { colspan: '6', class: 'muted', text: 'No sessions yet.' })));

	/* Diary, newest first. */
	const dt = $('diary').tBodies[0];
	for (const d of diary.slice().reverse())
		dt.append(BR.el('tr', {},
			BR.el('th', { scope: 'row', text: BR.fmtDate(d.date) }),
			BR.el('td', { class: 'num', text: d.pain === null ? '—' : d.pain }),
			BR.el('td', { class: 'num', text: d.pain_worst === null ? '—' : d.pain_worst }),
			BR.el('td', { class: 'num', text: d.bed ? d.bed + '–' + (d.up || '?') : '—' }),
			BR.el('td', { class: 'num', text: BR.hm(d.tst_min) }),
			BR.el('td', { class: 'num', text: d.twak_min === null ? '—' : d.twak_min + ' min' }),
			BR.el('td', { class: 'num', text: d.se_pct === null ? '—' : BR.num(d.se_pct) + ' %' }),
			BR.el('td', { text: BR.qualityWord(d.quality) }),
			BR.el('td', { class: 'num', text: d.activity_min === null ? '—' : d.activity_min + ' min' }),
			BR.el('td', { text: d.note || '' })));
	if (!diary.length)
		dt.append(BR.el('tr', {}, BR.el('td', { colspan: '10', class: 'muted', text: 'No diary entries yet.' })));
	if (location.hash === '#sessions')
		$('sessions-h').scrollIntoView();
})();
