/*
 * intake.js - a new patient and their episode of back pain in one form
 * (POST /api/v1/patients, then POST /api/v1/patients/{id}/episodes), or
 * with ?patient=ID a new episode for a known patient.  The phase
 * (acute < 6 weeks, subacute 6-12, chronic > 12; Cochrane) is previewed
 * as the onset is typed; the server's answer is the record.
 */
'use strict';

(async () => {
	const $ = (id) => document.getElementById(id);
	const form = $('intake');
	const msg = $('msg');
	let s;
	try {
		s = await BR.requireSession('practitioner');
	} catch (e) {
		BR.say($('load-msg'), 'bad', e.message);
		return;
	}
	const today = s.today;
	let patient = null; /* once saved (or given), only the episode is left */

	form.onset.max = today;
	form.born.max = today;

	function knownPatient(p) {
		patient = p;
		$('patient-fields').hidden = true;
		$('patient-fields').disabled = true;
		const k = $('patient-known');
		k.hidden = false;
		k.textContent = 'New episode for ' + p.name + (p.ref ? ' (' + p.ref + ')' : '') + '.';
		$('intake-h').textContent = 'New episode';
	}
	const given = BR.idParam('patient');
	if (given) {
		try {
			knownPatient(await BR.api('GET', '/api/v1/patients/' + given));
		} catch (e) {
			BR.say($('load-msg'), 'bad', e.message);
			return;
		}
	}

	function preview() {
		const onset = form.onset.value;
		const out = $('phase');
		if (!onset) {
			out.textContent = 'The phase follows from the start date: acute under 6 weeks, subacute 6 to 12, chronic over 12.';
			return;
		}
		const days = BR.daysBetween(onset, today);
		if (days < 0) {
			out.textContent = 'That date is in the future.';
			return;
		}
		const phase = days < 42 ? 'acute' : days <= 84 ? 'subacute' : 'chronic';
		out.textContent = (days / 7).toFixed(1) + ' weeks ago: ' + phase +
			' (acute under 6 weeks, subacute 6 to 12, chronic over 12).';
	}
	form.onset.addEventListener('input', preview);
	preview();

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const button = form.querySelector('button[type="submit"]');
		BR.say(msg, '', '');
		if (!patient && !form.name.value.trim()) {
			BR.showError(msg, form, new BR.ApiError(0, 'invalid', 'Enter the patient\'s name.', 'name'));
			return;
		}
		if (!form.onset.value) {
			BR.showError(msg, form, new BR.ApiError(0, 'invalid', 'Enter when this episode started.', 'onset'));
			return;
		}
		button.disabled = true;
		try {
			if (!patient) {
				const body = { name: form.name.value.trim(), sex: form.sex.value };
				if (form.born.value)
					body.born = form.born.value;
				if (form.ref.value.trim())
					body.ref = form.ref.value.trim();
				knownPatient(await BR.api('POST', '/api/v1/patients', body));
			}
			const ep = { onset: form.onset.value, region: form.region.value,
				sciatica: form.sciatica.checked };
			if (form.code.value.trim())
				ep.code = form.code.value.trim();
			const e2 = await BR.api('POST', '/api/v1/patients/' + patient.id + '/episodes', ep);
			BR.say(msg, 'ok', 'Saved: ' + e2.phase.cochrane + ' episode, ' + e2.duration_weeks + ' weeks. Opening the chart…');
			location.assign('/practice/patient?id=' + patient.id);
		} catch (err) {
			BR.showError(msg, form, err);
		} finally {
			button.disabled = false;
		}
	});
})();
