/*
 * reminders.js - the patient's choice of email reminders: the day before
 * each visit, a questionnaire waiting, and (when asked for) the diary
 * after some days without an entry, with quiet hours.  Reads and writes
 * /api/v1/patients/{id}/reminders.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const form = $('rem-form');
	let s;
	try {
		s = await BR.requireSession('patient');
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.message);
		return;
	}
	const url = '/api/v1/patients/' + s.user.patient_id + '/reminders';
	const show = (p) => {
		for (const k of ['appointment', 'questionnaire', 'diary'])
			form[k].checked = p[k];
		form.diary_after_days.value = String(p.diary_after_days);
		form.quiet_from.value = p.quiet_from;
		form.quiet_to.value = p.quiet_to;
		$('diary-opts').hidden = !p.diary;
	};
	try {
		show(await BR.api('GET', url));
		form.hidden = false;
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.message);
		return;
	}
	form.diary.addEventListener('change', () => { $('diary-opts').hidden = !form.diary.checked; });
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const msg = $('rem-msg');
		const body = {
			appointment: form.appointment.checked,
			questionnaire: form.questionnaire.checked,
			diary: form.diary.checked,
		};
		if (form.diary_after_days.value !== '')
			body.diary_after_days = Number(form.diary_after_days.value);
		if (form.quiet_from.value)
			body.quiet_from = form.quiet_from.value;
		if (form.quiet_to.value)
			body.quiet_to = form.quiet_to.value;
		const b = form.querySelector('button[type="submit"]');
		b.disabled = true;
		try {
			show(await BR.api('POST', url, body));
			BR.say(msg, 'ok', 'Saved.');
		} catch (err) {
			BR.showError(msg, form, err);
		} finally {
			b.disabled = false;
		}
	});
})();
