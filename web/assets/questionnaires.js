/*
 * questionnaires.js - the questionnaires a patient answers on the phone.
 *
 * On the diary page it only shows how many short questionnaires are due
 * (GET /api/v1/me/due), linking here.  On /diary/questionnaires it lists
 * them and runs one: one question per screen with big answers, progress,
 * back and next; every answer is kept on the server as a draft (POST
 * .../measure-drafts, never scored), so "Pause" or closing the page loses
 * nothing and the patient resumes at the first unanswered question.
 * "Send my answers" sends them for scoring (POST .../measures).  The
 * questionnaires whose wording the clinic may not show are not asked
 * here: the page says the practitioner asks them at the next visit.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const el = BR.el;

	/* The diary page: the banner only. */
	if ($('due-q')) {
		try {
			const due = await BR.api('GET', '/api/v1/me/due');
			const n = due.questionnaires.filter((q) => q.online).length;
			if (n > 0) {
				$('due-q-link').textContent = n === 1 ? '1 short questionnaire is due'
					: n + ' short questionnaires are due';
				$('due-q').hidden = false;
			}
		} catch (e) {
			/* Offline or signed out: the diary says so itself. */
		}
		return;
	}

	let s;
	try {
		s = await BR.requireSession('patient');
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.message);
		return;
	}
	const base = '/api/v1/patients/' + s.user.patient_id;
	let run = null; /* {q, answers, at} */

	/* The answers of item i: its own responses, or the questionnaire's. */
	function choices(q, i) {
		const item = q.items[i];
		const r = item.responses || q.responses || {};
		const min = r.min !== undefined ? r.min : 0, max = r.max !== undefined ? r.max : 0;
		const labels = new Map((r.anchors || r.options || []).map((a) => [a.code, a.label || a.text]));
		const out = [];
		for (let c = min; c <= max; c++)
			out.push({ code: c, label: labels.get(c) || '' });
		return out;
	}

	async function list(done) {
		$('q-run').hidden = true;
		let due;
		try {
			due = await BR.api('GET', '/api/v1/me/due');
		} catch (e) {
			BR.say($('load-msg'), 'bad', e.message);
			return;
		}
		const ul = BR.clear($('q-items'));
		const online = due.questionnaires.filter((q) => q.online);
		const clinic = due.questionnaires.filter((q) => !q.online);
		for (const q of online) {
			const answered = (q.draft || []).filter((a) => a !== null).length;
			const label = answered > 0 ? 'Carry on: ' + q.name : 'Start: ' + q.name;
			ul.append(el('li', {},
				el('button', { type: 'button', class: 'primary', text: label,
					on: { click: () => start(q) } }),
				el('span', { class: 'hint', text: q.items.length === 1 ? '1 question'
					: q.items.length + ' questions' + (answered ? ', ' + answered + ' answered' : '') })));
		}
		if (!online.length)
			ul.append(el('li', { class: 'muted', text: 'Nothing to answer now. Thank you.' }));
		$('q-clinic').hidden = clinic.length === 0;
		$('q-clinic').textContent = clinic.length === 0 ? '' :
			'Your practitioner will ask you ' + (clinic.length === 1 ? 'one other questionnaire' :
				clinic.length + ' other questionnaires') + ' at your next visit (' +
				clinic.map((q) => q.name).join('; ') + ').';
		BR.say($('q-done'), done ? 'ok' : '', done || '');
		$('q-list').hidden = false;
	}

	function start(q) {
		const answers = q.items.map((_, i) => (q.draft && i < q.draft.length ? q.draft[i] : null));
		let at = answers.findIndex((a) => a === null);
		if (at < 0)
			at = answers.length - 1;
		run = { q, answers, at };
		$('q-list').hidden = true;
		$('q-title').textContent = q.name;
		$('q-recall').textContent = q.recall ? 'Think of ' + q.recall + '.' : '';
		$('q-run').hidden = false;
		BR.say($('q-msg'), '', '');
		show();
	}

	function show() {
		const { q, answers, at } = run;
		const n = q.items.length;
		const item = q.items[at];
		const opts = choices(q, at);
		const box = $('q-item');
		box.className = 'scale ' + (opts.length === 11 ? 'n11' : opts.every((o) => !o.label) ? 'n5' : 'list');
		$('q-text').textContent = item.text || item.label;
		$('q-count').textContent = n === 1 ? 'One question' : 'Question ' + (at + 1) + ' of ' + n;
		$('q-bar').max = n;
		$('q-bar').value = answers.filter((a) => a !== null).length;
		const wrap = BR.clear($('q-opts'));
		for (const o of opts) {
			const id = 'q-opt-' + o.code;
			const input = el('input', { type: 'radio', name: 'answer', id, value: String(o.code) });
			input.checked = answers[at] === o.code;
			input.addEventListener('change', () => choose(o.code));
			wrap.append(input, el('label', { class: 'opt', for: id },
				opts.length === 11 || !o.label ? String(o.code) : o.label,
				opts.length === 11 && o.label ? el('small', { text: o.label }) : null));
		}
		$('q-back').disabled = at === 0;
		$('q-next').hidden = at === n - 1;
		$('q-back').hidden = n === 1;
		$('q-send').hidden = at !== n - 1;
	}

	async function keep() {
		await BR.api('POST', base + '/measure-drafts', { instrument: run.q.instrument, answers: run.answers });
	}

	async function choose(code) {
		run.answers[run.at] = code;
		$('q-bar').value = run.answers.filter((a) => a !== null).length;
		try {
			await keep();
			BR.say($('q-msg'), '', '');
		} catch (e) {
			BR.say($('q-msg'), 'bad', e.message);
			return;
		}
		if (run.at < run.q.items.length - 1) {
			run.at++;
			show();
		}
	}

	$('q-back').addEventListener('click', () => {
		if (run.at > 0) {
			run.at--;
			show();
		}
	});
	$('q-next').addEventListener('click', () => {
		if (run.at < run.q.items.length - 1) {
			run.at++;
			show();
		}
	});
	$('q-pause').addEventListener('click', async () => {
		try {
			await keep();
		} catch (e) {
			BR.say($('q-msg'), 'bad', e.message);
			return;
		}
		run = null;
		await list('Paused: your answers are kept. Carry on whenever you like.');
	});
	$('q-send').addEventListener('click', async () => {
		const b = $('q-send');
		b.disabled = true;
		try {
			await BR.api('POST', base + '/measures', { instrument: run.q.instrument, answers: run.answers });
		} catch (e) {
			BR.say($('q-msg'), 'bad', e.message);
			return;
		} finally {
			b.disabled = false;
		}
		const name = run.q.name;
		run = null;
		await list('Sent: ' + name + '. Thank you.');
	});

	await list();
})();
