/*
 * diary.js - the patient's diary: the morning sleep entry, the evening
 * pain entry (each one screen; the first entry starts empty, and a later
 * one starts from the patient's own last entry, marked as such, so a usual
 * day is a few taps and "Save": nothing is ever filled in that the patient
 * did not enter or see and keep; the evening entry carries the
 * bedtime-routine ticks of the plan), "My plan" (the next-day check-in
 * after a treatment, the aftercare advice, the education cards due now,
 * the next visits, the exercise and pacing logs with their next step),
 * and the progress view in plain words, with the handout of the
 * patient's current herbal prescriptions (the practitioner's instructions
 * and the standing advice) and the safety-net advice.  Reads and writes
 * /api/v1/patients/{id}/diary and .../summary; reads .../education,
 * /api/v1/episodes/{id}/plan/routine, .../visits, .../exercises/next,
 * .../pacing/next, .../herbal/handout and .../safety-net; writes
 * .../exercises/log, .../pacing/log and .../sessions/{sid}/checkin.
 *
 * Offline: the page registers the service worker (/sw.js, scope /diary)
 * that opens it without a network.  Each entry carries an id made here;
 * an entry the network did not take is kept on the phone (IndexedDB,
 * "outbox"), shown in the form and counted on the page, and sent again
 * with the same id when the phone is online, so the server records it
 * once and merges the morning and evening halves into one day.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const loadMsg = $('load-msg');
	/* The two entry forms take no input until they show what the patient
	 * already entered: a value typed while the diary was still loading
	 * would be replaced when it arrived. */
	function busy(on) {
		for (const f of [$('sleep-form'), $('pain-form')]) {
			f.setAttribute('aria-busy', on ? 'true' : 'false');
			for (const c of f.elements)
				c.disabled = on;
		}
	}
	busy(true);
	let s;
	try {
		s = await BR.requireSession('patient');
	} catch (e) {
		BR.say(loadMsg, 'bad', e.message);
		return;
	}
	const pid = s.user.patient_id;
	if ('serviceWorker' in navigator)
		navigator.serviceWorker.register('/sw.js', { scope: '/diary' }).catch(() => {});
	const today = s.today;
	const base = '/api/v1/patients/' + pid;
	let days = []; /* the last 60 days with entries, oldest first */

	/* A first entry starts empty: no value is offered that the patient
	 * did not give. */
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
	const TABS = ['sleep', 'pain', 'plan', 'progress'];
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
		if (tab === 'plan')
			renderPlan();
		$('nudge').hidden = !(checkinDue && (tab === 'sleep' || tab === 'pain'));
		if (checkinDue)
			$('nudge-link').textContent = 'Your treatment on ' + BR.fmtDate(checkinDue.session_date) + ': 3 quick questions';
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
		const v = src || {};
		for (const k of NIGHT_KEYS) {
			if (k === 'quality')
				setRadio(sleepForm, 'quality', v.quality);
			else
				sleepForm[k].value = v[k] !== null && v[k] !== undefined ? String(v[k]) : '';
		}
		from($('sleep-from'), sleepForm, same && same.bed !== null, src, same && same.onPhone);
	}
	/* Where the form's values come from, said above the fields: the day
	 * itself, the patient's own last entry (marked), or nothing yet. */
	function from(p, form, saved, src, onPhone) {
		form.classList.toggle('from-last', !saved && !!src);
		p.classList.toggle('from-last', !saved && !!src);
		p.textContent = saved && onPhone
			? 'Saved on this phone, to be sent when you are online: change and save again.'
			: saved && BR.daysBetween(form.date.value, today) <= EDIT_DAYS
				? 'Saved already. To correct an answer, change it, say why, and save again.'
			: saved ? 'Saved already. This day is more than ' + EDIT_DAYS +
				' days ago: to correct it, ask your practitioner.'
			: src ? 'Filled in from your entry for ' + BR.fmtDate(src.date) + ': check each answer and change what differs.'
				: 'First entry: fill in each answer.';
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
			const label = missing === 'quality' ? null : sleepForm.querySelector('label[for="' + missing + '"]');
			BR.showError(msg, sleepForm, new BR.ApiError(0, 'invalid',
				label ? 'Fill in "' + label.textContent.trim() + '".' : 'Choose how well you slept.', missing));
			return;
		}
		/* A correction waiting for its reason keeps what was typed. */
		if (await save(sleepForm, msg, body, (d) => 'Saved. You slept about ' + BR.hm(d.tst_min) +
			' (' + BR.qualityWord(d.quality) + ').') !== false)
			fillSleep();
	});

	/* Evening: pain ----------------------------------------------------- */
	const painForm = $('pain-form');
	function fillPain() {
		const date = painForm.date.value;
		const same = dayOf(date);
		const src = same && same.pain !== null ? same : lastWith('pain', date);
		const v = src || {};
		setRadio(painForm, 'pain', v.pain);
		setRadio(painForm, 'pain_worst', v.pain_worst);
		painForm.activity_min.value = v.activity_min !== null && v.activity_min !== undefined
			? String(v.activity_min) : '';
		painForm.note.value = same && same.note ? same.note : '';
		tickRoutine();
		from($('pain-from'), painForm, same && same.pain !== null, src, same && same.onPhone);
	}
	/* Routine ticks: as saved for the form's day, else none ticked. */
	function tickRoutine() {
		const same = dayOf(painForm.date.value);
		const ticked = new Set(same && same.routine ? same.routine : []);
		for (const c of painForm.querySelectorAll('input[name="routine"]'))
			c.checked = ticked.has(c.value);
	}
	painForm.date.addEventListener('change', fillPain);
	/* The worst pain is never below the average: a worst already chosen
	 * moves up with it (an empty one stays empty). */
	painForm.addEventListener('change', (e) => {
		if (e.target.name === 'pain') {
			const p = getRadio(painForm, 'pain'), w = getRadio(painForm, 'pain_worst');
			if (w !== null && w < p)
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
		};
		if (body.pain === null) {
			BR.showError(msg, painForm, new BR.ApiError(0, 'invalid', 'Choose your pain today.', 'pain'));
			return;
		}
		/* Only what the patient gave: an empty worst or activity is
		 * left out, never guessed. */
		const worst = getRadio(painForm, 'pain_worst');
		if (worst !== null)
			body.pain_worst = worst;
		if (painForm.activity_min.value !== '')
			body.activity_min = Number(painForm.activity_min.value);
		const note = painForm.note.value.trim();
		if (note)
			body.note = note;
		if (!$('routine').hidden) {
			const steps = [...painForm.querySelectorAll('input[name="routine"]:checked')].map((c) => c.value);
			body.routine = steps.length ? steps : 'none';
		}
		if (await save(painForm, msg, body, (d) => 'Saved. Pain ' + d.pain + ' out of 10 (' +
			BR.painWord(d.pain) + ')' + (d.routine && d.routine.length
			? ', bedtime routine: ' + d.routine.length + ' of ' + routineSteps.length + ' ticked.' : '.')) !== false)
			fillPain();
	});

	/* Correcting a saved day ------------------------------------------- */
	/* An answer the patient saved for a day and now changes is a
	 * correction: it needs a reason, is sent as one (PATCH, so the earlier
	 * answer is kept and the practitioner sees the day was corrected),
	 * and is taken up to EDIT_DAYS days after the day; after that the
	 * server's sentence says to ask the practitioner. */
	const EDIT_DAYS = 7;
	function changedAnswers(body) {
		const same = dayOf(body.date);
		if (!same || same.onPhone)
			return [];
		return DAY_KEYS.filter((k) => body[k] !== undefined && same[k] !== null &&
			same[k] !== undefined && String(same[k]) !== String(body[k]));
	}
	/* The reason field of form, made the first time it is needed. */
	function reasonField(form) {
		let box = form.querySelector('.why');
		if (!box) {
			const id = form.id + '-why';
			box = BR.el('div', { class: 'field why', hidden: true },
				BR.el('label', { for: id, text: 'Why are you changing what you saved?' }),
				BR.el('input', { id, name: 'reason', type: 'text', maxlength: '500', autocomplete: 'off',
					placeholder: 'e.g. I tapped the wrong number' }));
			form.querySelector('.msg').before(box);
		}
		return box;
	}
	async function correct(form, msg, body, changed) {
		const box = reasonField(form);
		const reason = form.reason.value.trim();
		if (box.hidden || !reason) {
			box.hidden = false;
			BR.showError(msg, form, new BR.ApiError(0, 'invalid', 'You are changing ' +
				(changed.length === 1 ? 'an answer' : changed.length + ' answers') + ' you saved for ' +
				BR.fmtDate(body.date) + ': say why, then save again.', 'reason'));
			return false;
		}
		const patch = { reason };
		for (const k of changed)
			patch[k] = body[k];
		await BR.api('PATCH', base + '/diary/' + body.date, patch);
		/* What the patient added beside the correction, as an entry. */
		const rest = Object.assign({}, body);
		for (const k of changed)
			delete rest[k];
		if (Object.keys(rest).some((k) => k !== 'date' && k !== 'entry_id'))
			await BR.api('POST', base + '/diary', rest);
		const [d] = await BR.api('GET', base + '/diary?from=' + body.date + '&to=' + body.date);
		remember(d);
		form.reason.value = '';
		box.hidden = true;
		return d;
	}

	async function save(form, msg, body, words) {
		const button = form.querySelector('button[type="submit"]');
		button.disabled = true;
		BR.say(msg, '', '');
		body.entry_id = newEntryId();
		const changed = changedAnswers(body);
		if (changed.length) {
			/* false: nothing was saved, the form keeps what was typed. */
			let d = null;
			try {
				d = await correct(form, msg, body, changed);
				if (d) {
					summary = null;
					BR.say(msg, 'ok', 'Corrected: ' + words(d).replace(/^Saved\. /, '') +
						' Your earlier answer is kept, and your practitioner can see the change.');
				}
			} catch (err) {
				BR.showError(msg, form, err.code === 'network' ? new BR.ApiError(0, 'network',
					'A correction is sent only when you are online: try again then.', null) : err);
			} finally {
				button.disabled = false;
			}
			return !!d;
		}
		try {
			const d = await BR.api('POST', base + '/diary', body);
			remember(d);
			summary = null;
			BR.say(msg, 'ok', words(d));
			msg.append(' ', BR.el('a', { href: '#progress', text: 'See my progress' }));
		} catch (err) {
			if (err.code === 'network' && await keep(body))
				BR.say(msg, 'info', 'Saved on this phone — will be sent when you are online.');
			else
				BR.showError(msg, form, err);
		} finally {
			button.disabled = false;
		}
	}

	/* Withings' times carry no offset: its sleep is placed on diary days
	 * by this phone's offset from UTC now, as "+HH:MM". */
	function phoneOffset() {
		const m = -new Date().getTimezoneOffset();
		const a = Math.abs(m);
		return (m < 0 ? '-' : '+') + String(Math.floor(a / 60)).padStart(2, '0') + ':' +
			String(a % 60).padStart(2, '0');
	}

	/* Offline entries --------------------------------------------------- */
	const DAY_KEYS = NIGHT_KEYS.concat(['pain', 'pain_worst', 'activity_min', 'note']);
	function newEntryId() {
		if (crypto.randomUUID)
			return crypto.randomUUID();
		const b = crypto.getRandomValues(new Uint8Array(16));
		return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	}
	/* The outbox: one IndexedDB object store of {entry_id, patient_id,
	 * body, queued_at}. */
	let outboxDb = null;
	function outbox(mode, fn) {
		if (!outboxDb)
			outboxDb = new Promise((resolve, reject) => {
				const r = indexedDB.open('backrest-diary', 1);
				r.onupgradeneeded = () => r.result.createObjectStore('outbox', { keyPath: 'entry_id' });
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		return outboxDb.then((db) => new Promise((resolve, reject) => {
			const t = db.transaction('outbox', mode);
			const req = fn(t.objectStore('outbox'));
			t.oncomplete = () => resolve(req.result);
			t.onerror = () => reject(t.error);
		}));
	}
	async function waiting() {
		const all = await outbox('readonly', (st) => st.getAll()).catch(() => []);
		return all.filter((e) => e.patient_id === pid).sort((a, b) => a.queued_at - b.queued_at);
	}
	/* The entry as the day shows it until the server has it. */
	function rememberLocal(body) {
		const d = Object.assign({ date: body.date }, dayOf(body.date));
		for (const k of DAY_KEYS) {
			if (body[k] !== undefined)
				d[k] = body[k];
			else if (d[k] === undefined)
				d[k] = null;
		}
		if (Array.isArray(body.routine))
			d.routine = body.routine;
		d.onPhone = true; /* until the server's day replaces it */
		remember(d);
	}
	async function keep(body) {
		try {
			await outbox('readwrite', (st) => st.put({ entry_id: body.entry_id, patient_id: pid,
				body, queued_at: Date.now() }));
		} catch (e) {
			return false;
		}
		rememberLocal(body);
		summary = null;
		await showWaiting();
		return true;
	}
	async function showWaiting() {
		const n = (await waiting()).length;
		const box = $('outbox');
		box.hidden = n === 0;
		box.textContent = n === 0 ? '' : (n === 1 ? '1 entry' : n + ' entries') +
			' saved on this phone — will be sent when you are online.';
	}
	let flushing = false;
	async function flush() {
		if (flushing)
			return;
		flushing = true;
		try {
			for (const e of await waiting()) {
				try {
					remember(await BR.api('POST', base + '/diary', e.body));
				} catch (err) {
					if (err.code === 'network' || err.status === 0 || err.status === 401 || err.status >= 500)
						break; /* still offline: try again later */
					BR.say(loadMsg, 'bad', 'Your entry for ' + BR.fmtDate(e.body.date) +
						' saved on this phone was not accepted: ' + err.message);
				}
				await outbox('readwrite', (st) => st.delete(e.entry_id));
				summary = null;
			}
		} finally {
			flushing = false;
			await showWaiting();
		}
	}
	window.addEventListener('online', flush);

	/* Progress ------------------------------------------------------------- */
	let summary = null;
	let sessions = [];
	let pattern = null;
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
				/* The pain-sleep pattern in the analysis's own words;
				 * the page is whole without it. */
				pattern = await BR.api('GET', base + '/analysis/sleep-pain').catch(() => null);
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
			if (pattern && pattern.sentence)
				words.append(BR.el('h2', { text: 'How your sleep and pain go together' }),
					BR.el('p', { id: 'pattern-sentence', text: pattern.sentence }));
			fig(p === null ? '—' : p.toFixed(1) + ' / 10', 'average pain, last 7 days');
			fig(BR.hm(t), 'asleep a night, last 7 days');
			fig(BR.qualityWord(q), 'sleep, on average');
			fig(last.diary_days + ' of 7', 'days filled in');
		}
		renderHandout();
		/* A sleep tracker's nights: the page is whole without them. */
		const nights = await BR.api('GET', base + '/sleep').catch(() => []);
		const byNight = new Map(nights.map((n) => [n.night, n]));
		renderTracker(nights, last);
		const recent = days.filter((d) => BR.daysBetween(d.date, today) < 60);
		const from = recent.length && BR.daysBetween(recent[0].date, today) > 13
			? recent[0].date : BR.addDays(today, -13);
		BR.timeline($('chart'), recent, { sessions, from, to: today,
			device: nights.filter((n) => BR.daysBetween(n.night, today) < 60),
			label: 'Chart of your daily pain (0 to 10) and hours asleep over the last 60 days, ' +
				'with 7-day averages. The last 14 days are listed in the table below.' });
		$('tracker-col').hidden = !nights.length;
		/* The last 14 calendar days, today first; a day without an entry
		 * is a row that says so, never skipped. */
		const tbody = BR.clear($('days').tBodies[0]);
		const byDate = new Map(days.map((d) => [d.date, d]));
		for (let i = 0; i < 14; i++) {
			const date = BR.addDays(today, -i);
			const d = byDate.get(date);
			const day = BR.el('th', { scope: 'row', text: BR.fmtDate(date, { month: undefined }) });
			tbody.append(d ? BR.el('tr', { 'data-date': date }, day,
				BR.el('td', { class: 'num', text: d.pain === null ? '—' : d.pain }),
				BR.el('td', { class: 'num', text: d.pain_worst === null ? '—' : d.pain_worst }),
				BR.el('td', { class: 'num', text: BR.hm(d.tst_min) }),
				...(nights.length ? [BR.el('td', { class: 'num',
					text: byNight.has(date) ? BR.hm(byNight.get(date).asleep_min) : '—' })] : []),
				BR.el('td', { text: BR.qualityWord(d.quality) }))
				: BR.el('tr', { 'data-date': date, class: 'gap' }, day,
					BR.el('td', { colspan: nights.length ? '5' : '4', class: 'muted', text: 'no entry' })));
		}
	}

	/* What the tracker recorded, in words, beside the diary. */
	function renderTracker(nights, last) {
		const box = BR.clear($('tracker-words'));
		const week = nights.filter((n) => BR.daysBetween(n.night, today) < 7);
		if (!nights.length) {
			box.append(BR.el('p', { text: 'No nights from a phone or sleep tracker yet. ' +
				'If you wear one, you can add its export here.' }));
			return;
		}
		if (!week.length) {
			box.append(BR.el('p', { id: 'tracker-line', text: 'Your tracker has ' + nights.length +
				' night' + (nights.length === 1 ? '' : 's') + ' here, none in the last 7 days.' }));
			return;
		}
		const mean = week.reduce((a, n) => a + n.asleep_min, 0) / week.length;
		let line = 'In the last 7 days your tracker recorded about ' + BR.hm(mean) +
			' asleep a night (' + week.length + ' night' + (week.length === 1 ? '' : 's') + ')';
		if (last && last.tst_min && last.tst_min.mean !== null)
			line += '; your diary says about ' + BR.hm(last.tst_min.mean);
		box.append(BR.el('p', { id: 'tracker-line', text: line + '.' }),
			BR.el('p', { class: 'small muted', text: 'Trackers guess sleep from movement and heart ' +
				'rate; they are not a sleep laboratory, and your own diary counts just as much.' }));
	}

	$('tracker-form').addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const file = $('tracker-file').files[0];
		const msg = $('tracker-msg');
		const bar = $('tracker-progress');
		if (!file) {
			BR.say(msg, 'bad', 'Choose the export file first.');
			return;
		}
		bar.hidden = false;
		bar.value = 0;
		BR.say(msg, 'info', 'Uploading…');
		try {
			const source = $('tracker-source').value;
			const r = await BR.upload(base + '/sleep/import?source=' + encodeURIComponent(source) +
				(source === 'withings' ? '&utc_offset=' + encodeURIComponent(phoneOffset()) : ''), file, (f) => {
				bar.value = f;
				if (f >= 1)
					BR.say(msg, 'info', 'Reading your sleep from the file…');
			});
			bar.value = 1;
			BR.say(msg, 'ok', r.nights + ' night' + (r.nights === 1 ? '' : 's') + ' read: ' +
				r.created + ' new, ' + r.updated + ' updated, ' + r.unchanged + ' already here.');
			renderProgress();
		} catch (e) {
			bar.hidden = true;
			BR.say(msg, 'bad', e.message);
		}
	});

	/* My plan ------------------------------------------------------------------ */
	let episode = null;       /* the open episode, or null */
	let routineSteps = [];
	let checkinDue = null;    /* {session_id, session_date} or null */
	let education = null;
	const UNIT = { min: 'minutes', m: 'metres', steps: 'steps', reps: 'repetitions' };
	const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many || one + 's');
	const words = (code) => String(code).replace(/-/g, ' ');
	let uid = 0;

	function scale11(name, legend) {
		const fs = BR.el('fieldset', { class: 'scale n11', 'data-name': name },
			BR.el('legend', { class: 'label', text: legend }));
		const opts = BR.el('div', { class: 'opts' });
		const pre = name + '-' + (++uid);
		for (let v = 0; v <= 10; v++)
			opts.append(BR.el('input', { type: 'radio', name, id: pre + '-' + v, value: String(v) }),
				BR.el('label', { class: 'opt', for: pre + '-' + v, text: String(v), 'aria-label': v + ', ' + band(v) }));
		fs.append(opts, BR.el('p', { class: 'anchors', 'aria-hidden': 'true' },
			BR.el('span', { text: '0 none' }), BR.el('span', { text: '10 worst' })));
		return fs;
	}
	function choices(fs, name, values) {
		const opts = BR.el('div', { class: 'opts' });
		for (const [v, words] of values) {
			const id = name + '-' + v + '-' + (++uid);
			opts.append(BR.el('input', { type: 'radio', name, id, value: v }),
				BR.el('label', { class: 'opt', for: id, text: words }));
		}
		fs.append(opts);
		return fs;
	}

	/* The episode, the routine and what the education route says is due
	 * now: loaded once at start, without holding up the entry forms. */
	async function loadPlan() {
		try {
			const me = await BR.api('GET', base);
			episode = (me.episodes || []).filter((e) => e.status === 'open').pop() || null;
			const [routine, edu] = await Promise.all([
				episode ? BR.api('GET', '/api/v1/episodes/' + episode.id + '/plan/routine') : null,
				BR.api('GET', base + '/education'),
			]);
			education = edu;
			checkinDue = edu.checkin_due;
			routineSteps = routine ? routine.routine : [];
		} catch (e) {
			return;
		}
		const box = BR.clear($('routine-ticks'));
		for (const st of routineSteps) {
			const id = 'routine-' + st.step;
			box.append(BR.el('label', { class: 'tick', for: id },
				BR.el('input', { type: 'checkbox', id, name: 'routine', value: st.step }), st.label));
		}
		$('routine').hidden = !routineSteps.length;
		/* Only the new ticks: what the patient has tapped meanwhile stays. */
		tickRoutine();
		const tab = location.hash.slice(1);
		$('nudge').hidden = !(checkinDue && tab !== 'plan' && tab !== 'progress');
		if (tab === 'plan')
			renderPlan();
	}

	/* The published sources a card's note names, as "Tang et al. 2012,
	 * Carney et al. 2012" (first author and year), or '': a patient sees
	 * the advice and the sources' names, not the notes for clinicians. */
	function sourceNames(source) {
		const names = [];
		const re = /(?:^|[;.(:,]\s*)([A-Z][A-Za-z'’-]+) [A-Z]{1,4}(?=[ ,])([^;()]*?)\b((?:19|20)\d\d)\b/g;
		let m;
		while ((m = re.exec(String(source || ''))) !== null) {
			const name = m[1] + (/et al|, [A-Z]/.test(m[2]) ? ' et al.' : '') + ' ' + m[3];
			if (!names.includes(name))
				names.push(name);
		}
		return names.join(', ');
	}

	async function renderPlan() {
		const msg = $('plan-msg');
		if (!education) {
			BR.say(msg, 'info', 'Loading…');
			return;
		}
		BR.say(msg, '', '');
		renderCheckin();
		/* Aftercare: open on the day of the session, folded the day
		 * after (when the check-in comes first). */
		const after = $('aftercare');
		after.hidden = !education.aftercare;
		after.open = !checkinDue;
		BR.clear($('aftercare-list'));
		for (const a of education.aftercare || [])
			$('aftercare-list').append(BR.el('li', { text: typeof a === 'string' ? a : a.text }));
		const cards = BR.clear($('card-list'));
		for (const c of education.cards) {
			const names = sourceNames(c.source);
			/* Cards of a moment (first week, a flare, the trial
			 * checkpoint) open; the standing ones folded. */
			cards.append(BR.el('details', { class: 'edu', open: c.why.some((w) => w !== 'always') },
				BR.el('summary', { text: c.title }),
				BR.el('p', { text: c.text }),
				BR.el('p', { class: 'small muted', text: 'Why now: ' + c.why.map((w) => words(w)).join(', ') + '.' +
					(names ? ' Based on ' + names + '.' : '') })));
		}
		$('cards').hidden = !education.cards.length;
		if (!episode) {
			$('plan-empty').hidden = false;
			return;
		}
		const u = '/api/v1/episodes/' + episode.id;
		const [visits, next, pacing, lib] = await BR.pool([
			u + '/visits?from=' + today + '&to=' + BR.addDays(today, 56), u + '/exercises/next', u + '/pacing/next',
			'/api/v1/exercises'], 4, (path) => BR.api('GET', path));
		if ([visits, next, pacing, lib].some((x) => x instanceof Error))
			BR.say(msg, 'bad', 'Part of your plan could not be loaded; reload the page to try again.');
		renderVisits(Array.isArray(visits) ? visits : []);
		renderExercises(Array.isArray(next) ? next : [], Array.isArray(lib) ? lib : []);
		renderPacing(Array.isArray(pacing) ? pacing : []);
		$('plan-empty').hidden = !($('exercises').hidden && $('pacing').hidden && $('upcoming').hidden &&
			$('cards').hidden && $('checkin').hidden);
	}

	function renderVisits(list) {
		const up = list.filter((v) => v.status === 'booked');
		const ul = BR.clear($('upcoming-list'));
		for (const v of up.slice(0, 4))
			ul.append(BR.el('li', {}, BR.el('strong', { text: BR.fmtLongDate(v.date) + ', ' + v.time }),
				' (' + v.minutes + ' min, ' + (v.where === 'home' ? 'at home' : 'at the clinic') + ')'));
		if (up.length > 4)
			ul.append(BR.el('li', { class: 'muted', text: 'and ' + (up.length - 4) + ' more' }));
		$('upcoming').hidden = !up.length;
	}

	/* The next-day check-in after a session. */
	let checkinBuilt = false;
	function renderCheckin() {
		const sec = $('checkin');
		sec.hidden = !checkinDue;
		if (!checkinDue)
			return;
		$('checkin-h').textContent = 'How are you after your treatment on ' + BR.fmtLongDate(checkinDue.session_date) + '?';
		if (checkinBuilt)
			return;
		checkinBuilt = true;
		buildScale($('soreness-scale'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		for (const l of $('soreness-scale').querySelectorAll('label.opt'))
			l.setAttribute('aria-label', l.textContent + ' of 10');
		$('soreness-scale').append(BR.el('p', { class: 'anchors', 'aria-hidden': 'true' },
			BR.el('span', { text: '0 not sore' }), BR.el('span', { text: '10 as sore as can be' })));
		const three = [['worse', 'Worse'], ['same', 'The same'], ['better', 'Better']];
		choices($('energy'), 'energy', three);
		choices($('mood'), 'mood', three);
		const f = $('checkin-form');
		f.addEventListener('submit', async (e) => {
			e.preventDefault();
			const m = $('checkin-msg');
			const body = { soreness: getRadio(f, 'soreness') };
			for (const k of ['energy', 'mood']) {
				const r = f.querySelector('input[name="' + k + '"]:checked');
				body[k] = r ? r.value : null;
			}
			const missing = ['soreness', 'energy', 'mood'].find((k) => body[k] === null);
			if (missing) {
				BR.showError(m, f, new BR.ApiError(0, 'invalid', 'Answer the three questions (the last box is optional).', missing));
				return;
			}
			if (f.unusual.value.trim())
				body.unusual = f.unusual.value.trim();
			const b = f.querySelector('button[type="submit"]');
			b.disabled = true;
			try {
				const c = await BR.api('POST', '/api/v1/episodes/' + episode.id + '/sessions/' +
					checkinDue.session_id + '/checkin', body);
				checkinDue = null;
				BR.clear($('checkin')).append(BR.el('h2', { text: 'Thank you' }),
					BR.el('p', { class: 'msg ok', role: 'status', text: c.needs_review
						? 'Your practitioner will look at your answers before your next visit.'
						: 'Your answers are saved for your practitioner.' }));
				$('checkin').hidden = false;
			} catch (err) {
				BR.showError(m, f, err);
			} finally {
				b.disabled = false;
			}
		});
	}

	/* Plain words for the next step of an exercise. */
	function adviceWords(x, name) {
		const n = x.next;
		if (x.advice === 'refer')
			return 'Please talk to your practitioner before you do this exercise again.';
		if (x.advice === 'progress')
			return 'Well done: next time move on to ' + name(n.exercise) + ', ' + n.reps + ' repetitions.';
		if (x.advice === 'regress')
			return 'Ease off a little: next time do ' + name(n.exercise) + ', ' + n.reps + ' repetitions.';
		return 'Stay at this level: ' + (n ? n.reps : x.reps) + ' repetitions every ' + plural(n ? n.every : x.every, 'day') + '.';
	}

	function renderExercises(next, lib) {
		const level = new Map(lib.flatMap((l) => l.levels.map((v) => [v.id, v])));
		const name = (id) => (level.has(id) ? level.get(id).label : words(id));
		/* Each level's ladder: the drawing of its start and end positions. */
		const ladder = new Map(lib.flatMap((l) => l.levels.map((v) => [v.id, l])));
		const box = BR.clear($('exercise-list'));
		$('exercises').hidden = !next.length;
		for (const x of next) {
			const lv = level.get(x.exercise) || { cues: [] };
			const dateId = 'ex-date-' + (++uid), repsId = 'ex-reps-' + uid;
			const f = BR.el('form', { class: 'exercise', novalidate: true, 'data-exercise': x.exercise },
				BR.el('h3', { text: name(x.exercise) }),
				ladder.has(x.exercise) ? BR.exerciseImage(ladder.get(x.exercise)) : null,
				BR.el('p', { class: 'advice', text: adviceWords(x, name) }),
				lv.cues.length ? BR.el('details', { class: 'cues' }, BR.el('summary', { text: 'How to do it' }),
					BR.el('ul', {}, lv.cues.map((c) => BR.el('li', { text: c })))) : null,
				BR.el('div', { class: 'row' },
					BR.el('div', { class: 'field' }, BR.el('label', { for: dateId, text: 'Day' }),
						BR.el('input', { id: dateId, name: 'date', type: 'date', max: today, value: today, required: true })),
					BR.el('div', { class: 'field' }, BR.el('label', { for: repsId, text: 'Repetitions done' }),
						BR.el('input', { id: repsId, name: 'reps', type: 'number', inputmode: 'numeric', min: '0', max: '1000',
							value: String(x.reps) }))),
				BR.el('div', { class: 'during' }, scale11('pain_during', 'Pain while exercising')),
				BR.el('div', { class: 'morning', hidden: true }, scale11('next_morning', 'Pain the morning after')),
				BR.el('button', { type: 'button', class: 'link-button', text: 'Add this morning\'s pain for yesterday' }),
				BR.el('details', { class: 'went-wrong' }, BR.el('summary', { text: 'Something went wrong?' }),
					BR.el('label', { class: 'check' }, BR.el('input', { type: 'checkbox', name: 'rom_loss' }), 'I could move less than before'),
					BR.el('label', { class: 'check' }, BR.el('input', { type: 'checkbox', name: 'reinjury' }), 'I hurt my back again')),
				BR.el('div', { class: 'msg', role: 'status', 'aria-live': 'polite' }),
				BR.el('button', { class: 'primary', type: 'submit', text: 'Save ' + name(x.exercise) }));
			/* Today's session: reps and pain while exercising; an
			 * earlier day: the morning after (and what was not yet
			 * logged). */
			const sync = () => {
				const past = f.date.value && f.date.value < today;
				f.querySelector('.morning').hidden = !past;
				f.querySelector('.link-button').hidden = past || !f.date.value;
				if (past && f.reps.value === String(x.reps))
					f.reps.value = '';
			};
			f.date.addEventListener('change', sync);
			f.querySelector('.link-button').addEventListener('click', () => {
				f.date.value = BR.addDays(today, -1);
				sync();
				f.querySelector('.morning input').focus();
			});
			f.addEventListener('submit', (e) => logExercise(e, f, x, name));
			box.append(f);
		}
	}

	async function logExercise(e, f, x, name) {
		e.preventDefault();
		const m = f.querySelector('.msg');
		const body = { exercise: x.exercise, date: f.date.value };
		const past = f.date.value < today;
		if (f.reps.value !== '')
			body.reps = Number(f.reps.value);
		const during = getRadio(f, 'pain_during');
		if (during !== null)
			body.pain_during = during;
		const morning = past ? getRadio(f, 'next_morning') : null;
		if (morning !== null)
			body.next_morning = morning;
		if (f.rom_loss.checked)
			body.rom_loss = true;
		if (f.reinjury.checked)
			body.reinjury = true;
		if (!past && (body.reps === undefined || during === null)) {
			BR.showError(m, f, new BR.ApiError(0, 'invalid', 'Fill in the repetitions and your pain while exercising.',
				body.reps === undefined ? 'reps' : 'pain_during'));
			return;
		}
		if (past && morning === null && during === null && body.reps === undefined) {
			BR.showError(m, f, new BR.ApiError(0, 'invalid', 'Choose your pain the morning after.', 'next_morning'));
			return;
		}
		const b = f.querySelector('button[type="submit"]');
		b.disabled = true;
		try {
			const got = await BR.api('POST', '/api/v1/episodes/' + episode.id + '/exercises/log', body);
			const next = await BR.api('GET', '/api/v1/episodes/' + episode.id + '/exercises/next');
			const now = next.find((y) => y.ladder === x.ladder) || x;
			f.querySelector('.advice').textContent = adviceWords(now, name);
			BR.say(m, 'ok', 'Saved for ' + BR.fmtDate(got.date) + '. ' + adviceWords(now, name));
		} catch (err) {
			BR.showError(m, f, err);
		} finally {
			b.disabled = false;
		}
	}

	function pacingWords(v) {
		const unit = UNIT[v.unit] || v.unit;
		return 'Today: ' + BR.num(v.quota, v.quota % 1 ? 1 : 0) + ' ' + unit + ' of ' + v.activity + '. ' +
			(v.in_zone ? 'You are in the right zone.' : '') +
			(v.boom_bust ? ' Some days went far over the quota before a flare-up: keep to the quota, even on good days.' : '');
	}

	function renderPacing(list) {
		const box = BR.clear($('pacing-list'));
		$('pacing').hidden = !list.length;
		for (const v of list) {
			const doneId = 'pace-done-' + (++uid);
			const f = BR.el('form', { class: 'pace', novalidate: true, 'data-activity': v.activity },
				BR.el('h3', { text: v.activity[0].toUpperCase() + v.activity.slice(1) }),
				BR.el('p', { class: 'advice', text: pacingWords(v) }),
				BR.el('div', { class: 'field' }, BR.el('label', { for: doneId, text: 'Done today (' + (UNIT[v.unit] || v.unit) + ')' }),
					BR.el('div', { class: 'stepper' },
						BR.el('button', { type: 'button', 'aria-label': 'less', text: '−', 'data-d': '-1' }),
						BR.el('input', { id: doneId, name: 'done', type: 'number', inputmode: 'decimal', min: '0', step: 'any',
							value: String(v.quota) }),
						BR.el('button', { type: 'button', 'aria-label': 'more', text: '+', 'data-d': '1' }))),
				choices(BR.el('fieldset', { class: 'choices-3' }, BR.el('legend', { class: 'label',
					text: 'Could you do the same again later today or tomorrow?' })), 'recovered',
				[['yes', 'Yes'], ['no', 'No'], ['', 'Not sure yet']]),
				BR.el('label', { class: 'check' }, BR.el('input', { type: 'checkbox', name: 'flare' }), 'I had a flare-up today'),
				BR.el('div', { class: 'msg', role: 'status', 'aria-live': 'polite' }),
				BR.el('button', { class: 'primary', type: 'submit', text: 'Save ' + v.activity }));
			const stepBy = Math.max(1, Math.round(v.baseline * v.step_pct / 100));
			for (const b of f.querySelectorAll('.stepper button'))
				b.addEventListener('click', () => {
					f.done.value = String(Math.max(0, (Number(f.done.value) || 0) + Number(b.dataset.d) * stepBy));
				});
			for (const b of f.querySelectorAll('.stepper button'))
				b.setAttribute('aria-label', (b.dataset.d === '1' ? stepBy + ' more' : stepBy + ' less') + ' ' + (UNIT[v.unit] || v.unit));
			f.addEventListener('submit', async (e) => {
				e.preventDefault();
				const m = f.querySelector('.msg');
				if (f.done.value === '') {
					BR.showError(m, f, new BR.ApiError(0, 'invalid', 'Fill in how much you did.', 'done'));
					return;
				}
				const body = { activity: v.activity, date: today, done: Number(f.done.value), flare: f.flare.checked };
				const r = f.querySelector('input[name="recovered"]:checked');
				if (r && r.value)
					body.recovered = r.value;
				const b = f.querySelector('button[type="submit"]');
				b.disabled = true;
				try {
					await BR.api('POST', '/api/v1/episodes/' + episode.id + '/pacing/log', body);
					const all = await BR.api('GET', '/api/v1/episodes/' + episode.id + '/pacing/next');
					const now = all.find((y) => y.activity === v.activity) || v;
					f.querySelector('.advice').textContent = pacingWords(now);
					BR.say(m, 'ok', 'Saved: ' + body.done + ' of ' + BR.num(v.quota, v.quota % 1 ? 1 : 0) + ' ' +
						(UNIT[v.unit] || v.unit) + '. ' + (now.reasons[0] || ''));
				} catch (err) {
					BR.showError(m, f, err);
				} finally {
					b.disabled = false;
				}
			});
			box.append(f);
		}
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
	busy(true); /* again: the scales were built since */
	try {
		days = await BR.api('GET', base + '/diary?from=' + BR.addDays(today, -59));
	} catch (e) {
		BR.say(loadMsg, 'bad', e.message);
	}
	for (const e of await waiting())
		rememberLocal(e.body);
	fillSleep();
	fillPain();
	busy(false);
	show(location.hash.slice(1));
	await showWaiting();
	if (navigator.onLine)
		flush();
	loadPlan();
})();
