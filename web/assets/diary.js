/*
 * diary.js - the patient's diary: the morning sleep entry, the evening
 * pain entry (each one screen, every field pre-set from the last entry so
 * a usual day is a few taps and "Save"), and the progress view in plain
 * words, with the handout of the patient's current herbal prescriptions
 * (the practitioner's instructions and the standing advice) and the
 * safety-net advice.  Reads and writes /api/v1/patients/{id}/diary and
 * .../summary; reads /api/v1/episodes/{id}/herbal/handout and
 * .../safety-net.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const loadMsg = $('load-msg');
	let s;
	try {
		s = await BR.requireSession('patient');
	} catch (e) {
		BR.say(loadMsg, 'bad', e.message);
		return;
	}
	const pid = s.user.patient_id;
	const today = s.today;
	const base = '/api/v1/patients/' + pid;
	let days = []; /* the last 60 days with entries, oldest first */

	/* Defaults for a first entry: a common night and an unremarkable day. */
	const FIRST_NIGHT = { bed: '23:00', try: '23:00', sol: 20, wakes: 1, waso: 15,
		final: '06:45', up: '07:00', quality: 2 };
	const FIRST_DAY = { pain: 5, pain_worst: 6, activity_min: 30 };
	const NIGHT_KEYS = ['bed', 'try', 'sol', 'wakes', 'waso', 'final', 'up', 'quality'];

	/* Scales ------------------------------------------------------------ */
	function buildScale(fs, labels, small) {
		const name = fs.dataset.name;
		const opts = BR.el('div', { class: 'opts' });
		labels.forEach((lab, v) => {
			const id = name + '-' + v;
			opts.append(BR.el('input', { type: 'radio', name, id, value: String(v) }),
				BR.el('label', { class: 'opt', for: id },
					String(lab), small ? BR.el('small', { text: small(v) }) : null));
		});
		fs.append(opts);
	}
	buildScale($('quality'), BR.QUALITY.map((q) => q[0].toUpperCase() + q.slice(1)));
	/* Numbers on the buttons; the anchors (0 no pain, 10 worst) and the
	 * bands (mild 1-3, moderate 4-6, severe 7-10) below them and in each
	 * button's accessible name. */
	const band = (v) => (v === 0 ? 'no pain' : v <= 3 ? 'mild' : v <= 6 ? 'moderate' : v < 10 ? 'severe' : 'worst you can imagine');
	for (const id of ['pain-scale', 'worst-scale']) {
		buildScale($(id), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		for (const l of $(id).querySelectorAll('label.opt'))
			l.setAttribute('aria-label', l.textContent + ', ' + band(Number(l.textContent)));
		$(id).append(BR.el('p', { class: 'anchors', 'aria-hidden': 'true' },
			BR.el('span', { text: '0 none' }), BR.el('span', { text: '1–3 mild' }),
			BR.el('span', { text: '4–6 moderate' }), BR.el('span', { text: '7–10 severe' })));
	}
	function setRadio(form, name, v) {
		for (const r of form.querySelectorAll('input[name="' + name + '"]'))
			r.checked = v !== null && v !== undefined && Number(r.value) === Number(v);
	}
	function getRadio(form, name) {
		const r = form.querySelector('input[name="' + name + '"]:checked');
		return r ? Number(r.value) : null;
	}

	/* Steppers ------------------------------------------------------------ */
	for (const b of document.querySelectorAll('[data-step]')) {
		b.addEventListener('click', () => {
			const input = $(b.dataset.for);
			const v = Math.max(Number(input.min), Math.min(Number(input.max),
				(Number(input.value) || 0) + Number(b.dataset.step)));
			input.value = String(v);
			input.dispatchEvent(new Event('change'));
		});
	}

	/* Tabs ------------------------------------------------------------------ */
	const TABS = ['sleep', 'pain', 'progress'];
	function show(tab) {
		if (!TABS.includes(tab))
			tab = new Date().getHours() < 15 ? 'sleep' : 'pain';
		for (const t of TABS) {
			$(t).hidden = t !== tab;
			const a = $('tab-' + t);
			if (t === tab)
				a.setAttribute('aria-current', 'page');
			else
				a.removeAttribute('aria-current');
		}
		if (tab === 'progress')
			renderProgress();
	}
	window.addEventListener('hashchange', () => show(location.hash.slice(1)));

	/* Data ------------------------------------------------------------------ */
	function dayOf(date) {
		return days.find((d) => d.date === date) || null;
	}
	/* The latest entry with key recorded, other than date's own. */
	function lastWith(key, date) {
		for (let i = days.length - 1; i >= 0; i--)
			if (days[i].date !== date && days[i][key] !== null)
				return days[i];
		return null;
	}
	function remember(d) {
		const i = days.findIndex((x) => x.date === d.date);
		if (i >= 0)
			days[i] = d;
		else {
			days.push(d);
			days.sort((a, b) => (a.date < b.date ? -1 : 1));
		}
	}

	/* Morning: sleep ------------------------------------------------------ */
	const sleepForm = $('sleep-form');
	function fillSleep() {
		const date = sleepForm.date.value;
		const same = dayOf(date);
		const src = same && same.bed !== null ? same : lastWith('bed', date);
		const v = src || FIRST_NIGHT;
		for (const k of NIGHT_KEYS) {
			if (k === 'quality')
				setRadio(sleepForm, 'quality', v.quality !== null ? v.quality : FIRST_NIGHT.quality);
			else
				sleepForm[k].value = v[k] !== null && v[k] !== undefined ? String(v[k]) : String(FIRST_NIGHT[k]);
		}
		$('sleep-from').textContent = same && same.bed !== null
			? 'Saved already: change and save again.'
			: src ? 'As on ' + BR.fmtDate(src.date) + ': change what differs.'
				: 'First entry: change what is not right.';
	}
	sleepForm.date.addEventListener('change', fillSleep);
	sleepForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		const body = { date: sleepForm.date.value };
		for (const k of NIGHT_KEYS) {
			if (k === 'quality') {
				body.quality = getRadio(sleepForm, 'quality');
				continue;
			}
			const raw = sleepForm[k].value;
			body[k] = sleepForm[k].type === 'number' ? Number(raw) : raw;
		}
		const msg = $('sleep-msg');
		const missing = Object.keys(body).find((k) => body[k] === '' || body[k] === null);
		if (missing) {
			BR.showError(msg, sleepForm, new BR.ApiError(0, 'invalid',
				missing === 'quality' ? 'Choose how well you slept.' : 'Fill in every time.', missing));
			return;
		}
		await save(sleepForm, msg, body, (d) => 'Saved. You slept about ' + BR.hm(d.tst_min) +
			' (' + BR.qualityWord(d.quality) + ').');
		fillSleep();
	});

	/* Evening: pain ----------------------------------------------------- */
	const painForm = $('pain-form');
	function fillPain() {
		const date = painForm.date.value;
		const same = dayOf(date);
		const src = same && same.pain !== null ? same : lastWith('pain', date);
		const v = src || FIRST_DAY;
		setRadio(painForm, 'pain', v.pain);
		setRadio(painForm, 'pain_worst', v.pain_worst !== null ? v.pain_worst : v.pain);
		painForm.activity_min.value = String(v.activity_min !== null && v.activity_min !== undefined
			? v.activity_min : FIRST_DAY.activity_min);
		painForm.note.value = same && same.note ? same.note : '';
		$('pain-from').textContent = same && same.pain !== null
			? 'Saved already: change and save again.'
			: src ? 'As on ' + BR.fmtDate(src.date) + ': change what differs.'
				: 'First entry: change what is not right.';
	}
	painForm.date.addEventListener('change', fillPain);
	/* The worst pain is never below the average: move it up with it. */
	painForm.addEventListener('change', (e) => {
		if (e.target.name === 'pain') {
			const p = getRadio(painForm, 'pain'), w = getRadio(painForm, 'pain_worst');
			if (w === null || w < p)
				setRadio(painForm, 'pain_worst', p);
		}
		if (e.target.name === 'pain_worst') {
			const p = getRadio(painForm, 'pain'), w = getRadio(painForm, 'pain_worst');
			if (p !== null && w < p)
				setRadio(painForm, 'pain', w);
		}
	});
	painForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		const msg = $('pain-msg');
		const body = {
			date: painForm.date.value,
			pain: getRadio(painForm, 'pain'),
			pain_worst: getRadio(painForm, 'pain_worst'),
			activity_min: Number(painForm.activity_min.value),
		};
		if (body.pain === null) {
			BR.showError(msg, painForm, new BR.ApiError(0, 'invalid', 'Choose your pain today.', 'pain'));
			return;
		}
		if (body.pain_worst === null)
			body.pain_worst = body.pain;
		const note = painForm.note.value.trim();
		if (note)
			body.note = note;
		await save(painForm, msg, body, (d) => 'Saved. Pain ' + d.pain + ' out of 10 (' +
			BR.painWord(d.pain) + ').');
		fillPain();
	});

	async function save(form, msg, body, words) {
		const button = form.querySelector('button[type="submit"]');
		button.disabled = true;
		BR.say(msg, '', '');
		try {
			const d = await BR.api('POST', base + '/diary', body);
			remember(d);
			summary = null;
			BR.say(msg, 'ok', words(d));
			msg.append(' ', BR.el('a', { href: '#progress', text: 'See my progress' }));
		} catch (err) {
			BR.showError(msg, form, err);
		} finally {
			button.disabled = false;
		}
	}

	/* Progress ------------------------------------------------------------- */
	let summary = null;
	let sessions = [];
	function change(now, then, unitWords, lowerIsBetter) {
		const d = now - then;
		if (Math.abs(d) < 0.5)
			return 'about the same as';
		const better = lowerIsBetter ? d < 0 : d > 0;
		return (d < 0 ? 'down ' : 'up ') + Math.abs(d).toFixed(1) + ' ' + unitWords +
			(better ? ' (better) from' : ' (worse) from');
	}
	async function renderProgress() {
		const words = BR.clear($('words'));
		try {
			if (!summary) {
				summary = await BR.api('GET', base + '/summary');
				sessions = summary.episode
					? await BR.api('GET', '/api/v1/episodes/' + summary.episode.id + '/sessions')
					: [];
			}
		} catch (e) {
			BR.say(loadMsg, 'bad', e.message);
			return;
		}
		const last = summary.diary.last_7_days;
		/* The first week, only when it is over before the last week. */
		const first = summary.diary.first_7_days && summary.diary.first_7_days.to < last.from
			? summary.diary.first_7_days : null;
		const figs = BR.clear($('figures'));
		const fig = (big, what) => figs.append(BR.el('div', { class: 'figure' },
			BR.el('span', { class: 'big', text: big }), BR.el('span', { class: 'what', text: what })));
		if (!last.diary_days) {
			words.append(BR.el('p', { text: 'There are no entries in the last 7 days yet. ' +
				'Your progress shows here after a few days of diary.' }));
		} else {
			const p = last.pain.mean, t = last.tst_min.mean, q = last.sleep_quality.mean;
			if (p !== null) {
				let line = 'In the last 7 days your pain was ' + p.toFixed(1) + ' out of 10 on average (' +
					BR.painWord(p) + ').';
				if (first && first.pain.mean !== null)
					line += ' That is ' + change(p, first.pain.mean, 'points', true) +
						' your first week (' + first.pain.mean.toFixed(1) + ').';
				words.append(BR.el('p', { text: line }));
			}
			if (t !== null) {
				let line = 'You slept about ' + BR.hm(t) + ' a night';
				if (q !== null)
					line += ', and rated your sleep ' + BR.qualityWord(q) + ' on average';
				line += '.';
				if (first && first.tst_min.mean !== null)
					line += ' In your first week it was ' + BR.hm(first.tst_min.mean) + '.';
				words.append(BR.el('p', { text: line }));
			}
			words.append(BR.el('p', { class: 'small muted', text:
				'A change of 2 points or more in average pain is one most people notice. ' +
				'Averages use the days you filled in: ' + last.diary_days + ' of the last 7.' }));
			fig(p === null ? '—' : p.toFixed(1) + ' / 10', 'average pain, last 7 days');
			fig(BR.hm(t), 'asleep a night, last 7 days');
			fig(BR.qualityWord(q), 'sleep, on average');
			fig(last.diary_days + ' of 7', 'days filled in');
		}
		renderHandout();
		const recent = days.filter((d) => BR.daysBetween(d.date, today) < 60);
		const from = recent.length && BR.daysBetween(recent[0].date, today) > 13
			? recent[0].date : BR.addDays(today, -13);
		BR.timeline($('chart'), recent, { sessions, from, to: today,
			label: 'Chart of your daily pain (0 to 10) and hours asleep over the last 60 days, ' +
				'with 7-day averages. The last 14 days are listed in the table below.' });
		const tbody = BR.clear($('days').tBodies[0]);
		for (const d of days.slice(-14).reverse())
			tbody.append(BR.el('tr', {},
				BR.el('th', { scope: 'row', text: BR.fmtDate(d.date, { month: undefined }) }),
				BR.el('td', { class: 'num', text: d.pain === null ? '—' : d.pain }),
				BR.el('td', { class: 'num', text: d.pain_worst === null ? '—' : d.pain_worst }),
				BR.el('td', { class: 'num', text: BR.hm(d.tst_min) }),
				BR.el('td', { text: BR.qualityWord(d.quality) })));
	}

	/* Herbal handout and safety net ---------------------------------------- */
	let handoutDone = false;
	async function renderHandout() {
		if (handoutDone)
			return;
		handoutDone = true;
		let eps = [];
		try {
			eps = (await BR.api('GET', base)).episodes || [];
			if (summary.episode) {
				const net = await BR.api('GET', '/api/v1/episodes/' + summary.episode.id + '/safety-net');
				$('safety-net').textContent = net.safety_net;
			}
		} catch (e) {
			return; /* the page's own safety-net text stays */
		}
		const outs = await BR.pool(eps, 2, (ep) =>
			BR.api('GET', '/api/v1/episodes/' + ep.id + '/herbal/handout'));
		const docs = outs.filter((o) => o && !(o instanceof Error));
		const items = docs.flatMap((d) => d.prescriptions);
		if (!items.length)
			return;
		const box = $('handout');
		for (const x of items) {
			const name = [x.formula.pinyin, x.formula.chinese, x.formula.english].filter(Boolean).join(' · ');
			const lines = [['How much', x.dose], ['For how long', x.duration], ['How to take it', x.instructions],
				['Changes to the formula', x.modifications], ['Pharmacy', x.pharmacy]].filter((l) => l[1]);
			box.append(BR.el('article', { class: 'rx' },
				BR.el('h3', { text: name }),
				BR.el('p', { class: 'muted small', text: x.form + (x.route === 'topical' ? ', for use on the skin only' : ', to take by mouth') +
					' · prescribed ' + BR.fmtDate(x.prescribed_on, { year: 'numeric' }) }),
				BR.el('dl', { class: 'facts' }, lines.flatMap(([k, v]) => [BR.el('dt', { text: k }), BR.el('dd', { text: v })]))));
		}
		for (const a of docs[0].advice)
			$('advice').append(BR.el('li', { text: a }));
		$('herbs').hidden = false;
	}

	/* Start ---------------------------------------------------------------- */
	sleepForm.date.max = today;
	painForm.date.max = today;
	sleepForm.date.value = today;
	painForm.date.value = today;
	try {
		days = await BR.api('GET', base + '/diary?from=' + BR.addDays(today, -59));
	} catch (e) {
		BR.say(loadMsg, 'bad', e.message);
	}
	fillSleep();
	fillPain();
	show(location.hash.slice(1));
})();
