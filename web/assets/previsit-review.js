/*
 * previsit-review.js - the practitioner's page of a patient's pre-visit
 * questions (/practice/previsit?id=PATIENT): send the link (POST
 * /api/v1/patients/{id}/previsit: for a patient without an account, a
 * one-time invitation shown with its QR code and letter by invite.js),
 * read the answers (GET .../previsit: the patient's red-flag replies
 * first, with what the "yes" replies point to, then the history), and
 * confirm them as an episode's intake (POST .../previsit/confirm).  The
 * patient's replies are not a screen: the page says so and the
 * practitioner records their own.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const el = BR.el;
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
	const base = '/api/v1/patients/' + id;
	let patient;
	try {
		patient = await BR.api('GET', base);
	} catch (e) {
		BR.say(msg, 'bad', e.status === 404 ? 'This patient does not exist or is not in your clinic.' : e.message);
		return;
	}
	document.title = 'Pre-visit questions: ' + patient.name + ' · backrest';
	$('title').textContent = 'Pre-visit questions: ' + patient.name;
	$('chart-link').href = '/practice/patient?id=' + id;
	$('pv-date').max = s.today;
	$('pv-date').value = s.today;

	const STATUS = {
		requested: 'No answer yet.',
		answering: 'The patient is answering.',
		sent: 'The patient has sent their answers.',
		confirmed: 'Confirmed as the intake.',
	};

	/* The answers in the order the patient was asked them. */
	const ORDER = ['onset_mode', 'onset_note', 'locations', 'radiation', 'radiation_side',
		'aggravating', 'easing', 'work', 'sitting_hours', 'lifting', 'lifting_technique',
		'activity', 'height_cm', 'weight_kg', 'smoking', 'cigarettes_per_day', 'lifestyle_note',
		'conditions', 'conditions_note', 'treatments', 'treatments_note', 'medicines',
		'night_pain', 'pain_wakes', 'position_difficulty', 'sleep_position', 'mattress',
		'mattress_years', 'pillows', 'knee_pillow', 'sleep_note', 'goals'];
	const rank = (k) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);

	function when(ts) {
		return ts ? ts.replace('T', ' ').replace(/:\d\dZ$/, ' UTC') : '';
	}

	function valueText(v) {
		if (v === true)
			return 'yes';
		if (v === false)
			return 'no';
		if (Array.isArray(v)) {
			if (!v.length)
				return 'none';
			return v.map((x) => (typeof x === 'object'
				? [x.name, x.dose, x.purpose ? 'for ' + x.purpose : ''].filter(Boolean).join(', ')
				: String(x))).join('; ');
		}
		return String(v);
	}

	function showFlags(v) {
		const rows = BR.clear($('pv-flag-rows'));
		$('pv-flags').hidden = !v.red_flags.length;
		for (const f of v.red_flags)
			rows.append(el('tr', {},
				el('td', { text: f.question }),
				el('td', { class: 'reply', text: f.reply === 'unsure' ? 'not sure' : f.reply }),
				el('td', {}, f.label, f.emergency ? ' ' : '',
					f.emergency ? el('span', { class: 'badge bad', text: 'emergency sign' }) : null)));
		const tier = BR.clear($('pv-tier'));
		if (v.tier !== 'none')
			tier.append(el('div', { class: 'card urgent', role: 'status' },
				el('h3', { text: v.tier === 'emergency'
					? 'The patient\'s replies point to an emergency'
					: 'The patient\'s replies point to an urgent review' }),
				el('ul', { class: 'reasons' }, v.reasons.map((r) => el('li', { text: r }))),
				v.tier === 'emergency'
					? el('p', { text: 'Contact the patient now. The safety net they were shown: ' + v.safety_net })
					: null));
	}

	async function load() {
		let v;
		try {
			v = await BR.api('GET', base + '/previsit');
		} catch (e) {
			BR.say(msg, 'bad', e.message);
			return;
		}
		$('pv-ask').hidden = false;
		if (v.status === 'none') {
			$('pv-review').hidden = true;
			$('pv-flags').hidden = true;
			return;
		}
		showFlags(v);
		$('pv-review').hidden = false;
		$('pv-status').textContent = (STATUS[v.status] || v.status) +
			' Asked ' + when(v.requested_at) +
			(v.updated_at ? '; last answer ' + when(v.updated_at) : '') +
			(v.sent_at ? '; sent ' + when(v.sent_at) : '') +
			(v.confirmed_at ? '; confirmed ' + when(v.confirmed_at) + ' by ' + v.confirmed_by : '') + '.';
		const dl = BR.clear($('pv-answers'));
		const keys = Object.keys(v.answers).sort((a, b) => rank(a) - rank(b));
		if (!keys.length)
			dl.append(el('dt', { text: 'History' }), el('dd', { class: 'muted', text: 'no answers yet' }));
		for (const k of keys)
			dl.append(el('dt', { text: v.labels[k] || k }), el('dd', { text: valueText(v.answers[k]) }));
		const open = patient.episodes.filter((e) => e.status === 'open');
		const canConfirm = v.status !== 'confirmed' && v.status !== 'requested' && open.length > 0;
		$('pv-confirm').hidden = !canConfirm;
		const sel = BR.clear($('pv-episode'));
		for (const e of open)
			sel.append(el('option', { value: String(e.id),
				text: 'Episode from ' + e.onset + (e.region ? ' (' + e.region + ')' : '') }));
		if (v.status !== 'confirmed' && v.status !== 'requested' && !open.length)
			BR.say($('pv-confirm-msg'), 'info', 'Open an episode for the patient to confirm the answers as its intake.');
	}

	$('pv-confirm').addEventListener('submit', async (e) => {
		e.preventDefault();
		const form = $('pv-confirm');
		const button = form.querySelector('button');
		button.disabled = true;
		try {
			const body = { episode_id: Number(form.episode_id.value) };
			if (form.date.value)
				body.date = form.date.value;
			const r = await BR.api('POST', base + '/previsit/confirm', body);
			BR.clear($('pv-confirm-msg'));
			BR.say($('pv-confirm-msg'), 'ok', 'Confirmed: the answers are now the intake of the episode. ');
			$('pv-confirm-msg').append(el('a', { href: '/practice/intake?episode=' + r.intake.episode_id,
				text: 'Open the intake' }));
			await load();
		} catch (err) {
			BR.showError($('pv-confirm-msg'), form, err);
		} finally {
			button.disabled = false;
		}
	});

	$('pv-ask-form').addEventListener('submit', async (e) => {
		e.preventDefault();
		const form = $('pv-ask-form');
		const button = form.querySelector('button');
		const body = { days: Number(form.days.value), base_url: location.origin };
		if (form.email.value.trim())
			body.email = form.email.value.trim();
		button.disabled = true;
		BR.say($('pv-ask-msg'), '', '');
		try {
			const r = await BR.api('POST', base + '/previsit', body);
			const box = BR.clear($('pv-ask-result'));
			if (r.account) {
				box.append(el('div', { class: 'invite-result' },
					el('p', { class: 'msg ok', text: 'The patient has an account: they sign in and ' +
						'find the questions at this address.' }),
					el('div', { class: 'field' },
						el('label', { for: 'invite-link', text: 'The link' }),
						el('input', { id: 'invite-link', type: 'text', readonly: true, value: r.link })),
					el('img', { class: 'qr', alt: 'QR code of the link',
						src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(r.qr_svg) })));
			} else {
				BRI.show(box, r, null);
			}
			form.reset();
			for (const n of form.querySelectorAll('[aria-invalid]'))
				n.removeAttribute('aria-invalid');
			await load();
		} catch (err) {
			BR.showError($('pv-ask-msg'), form, err);
		} finally {
			button.disabled = false;
		}
	});

	await load();
})();
