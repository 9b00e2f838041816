/*
 * admin.js - the administration page: accounts (invite staff, reset a
 * password with a new link, disable and enable, change a staff
 * account's role or clinic), clinics (add, rename) and the audit log
 * (filters, pages, CSV export of the filtered view).  Administrators do
 * not open clinical records: nothing here reads one.
 */
'use strict';

(() => {
	const el = BR.el;
	const msg = document.getElementById('msg');
	let clinics = [];
	let users = [];

	function clinicName(id) {
		const c = clinics.find((x) => x.id === id);
		return c ? c.name : id ? 'clinic ' + id : '—';
	}

	/* Accounts ------------------------------------------------------------ */

	const userMsg = document.getElementById('user-msg');
	const userLink = document.getElementById('user-link');

	async function act(path, body, done) {
		try {
			const r = await BR.api('POST', path, body || {});
			if (done)
				done(r);
			await loadUsers();
		} catch (err) {
			BR.showError(userMsg, null, err);
		}
	}

	function roleEditor(u) {
		const role = el('select', { 'aria-label': 'Role of ' + u.email },
			el('option', { value: 'practitioner', text: 'practitioner' }),
			el('option', { value: 'admin', text: 'administrator' }));
		role.value = u.role;
		const clinic = el('select', { 'aria-label': 'Clinic of ' + u.email },
			el('option', { value: '', text: '—' }),
			clinics.map((c) => el('option', { value: String(c.id), text: c.name })));
		clinic.value = u.clinic_id ? String(u.clinic_id) : '';
		const save = el('button', { type: 'button', class: 'small-button', text: 'Save',
			on: { click: () => {
				const body = { role: role.value };
				if (clinic.value)
					body.clinic_id = Number(clinic.value);
				act('/api/v1/users/' + u.id + '/role', body,
					() => BR.say(userMsg, 'ok', u.email + ': role and clinic saved; ' +
						'they sign in again.'));
			} } });
		return el('span', { class: 'inline-edit' }, role, clinic, save);
	}

	function userRow(u) {
		const me = BR.session && BR.session.user.id === u.id;
		const actions = el('div', { class: 'row-actions' });
		if (!u.disabled)
			actions.append(el('button', { type: 'button', class: 'small-button',
				text: 'Reset password', on: { click: () => {
					if (!confirm('Reset the password of ' + u.email + '? It stops working ' +
						'now, and a new link sets a new one.'))
						return;
					act('/api/v1/users/' + u.id + '/reset', { base_url: location.origin },
						(inv) => BRI.show(userLink, inv, clinicName(inv.clinic_id)));
				} } }));
		if (u.disabled)
			actions.append(el('button', { type: 'button', class: 'small-button',
				text: 'Enable', on: { click: () => act('/api/v1/users/' + u.id + '/enable',
					{}, () => BR.say(userMsg, 'ok', u.email + ' is enabled again.')) } }));
		else if (!me)
			actions.append(el('button', { type: 'button', class: 'small-button',
				text: 'Disable', on: { click: () => act('/api/v1/users/' + u.id + '/disable',
					{}, () => BR.say(userMsg, 'ok', u.email + ' is disabled and signed ' +
						'out.')) } }));
		if (u.role !== 'patient' && !me)
			actions.append(roleEditor(u));
		return el('tr', {},
			el('td', { text: u.email }),
			el('td', { text: u.name || '' }),
			el('td', { text: u.role }),
			el('td', { text: u.role === 'admin' && !u.clinic_id ? 'every clinic'
				: clinicName(u.clinic_id) }),
			el('td', { text: u.disabled ? 'disabled' : 'active' }),
			el('td', {}, actions));
	}

	async function loadUsers() {
		users = await BR.api('GET', '/api/v1/users');
		const body = BR.clear(document.querySelector('#user-table tbody'));
		for (const u of users)
			body.append(userRow(u));
		const pick = document.getElementById('f-user');
		const keep = pick.value;
		BR.clear(pick).append(el('option', { value: '', text: 'any' }),
			...users.map((u) => el('option', { value: String(u.id), text: u.email })));
		pick.value = keep;
		await loadInvitations();
	}

	async function loadInvitations() {
		const box = BR.clear(document.getElementById('invitations'));
		const all = (await BR.api('GET', '/api/v1/invitations'))
			.filter((v) => v.state === 'open');
		if (!all.length) {
			box.append(el('p', { class: 'muted', text: 'None open.' }));
			return;
		}
		const ul = el('ul', { class: 'plain' });
		for (const v of all)
			ul.append(el('li', {}, v.email + ' (' + v.role + (v.kind === 'reset'
				? ', password reset' : '') + '), until ' + v.expires_at + ' ',
			el('button', { type: 'button', class: 'small-button', text: 'Withdraw',
				on: { click: () => act('/api/v1/invitations/' + v.id + '/revoke', {},
					() => BR.say(userMsg, 'ok', 'The link for ' + v.email +
						' was withdrawn.')) } })));
		box.append(ul);
	}

	const inviteForm = document.getElementById('invite-staff');
	inviteForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		const f = inviteForm;
		const box = document.getElementById('invite-msg');
		const body = { email: f.email.value.trim(), role: f.role.value,
			days: Number(f.days.value), base_url: location.origin };
		if (f.name.value.trim())
			body.name = f.name.value.trim();
		if (f.clinic_id.value)
			body.clinic_id = Number(f.clinic_id.value);
		if (!body.email) {
			BR.showError(box, f, new BR.ApiError(0, 'invalid',
				'Enter the email address they will sign in with.', 'email'));
			return;
		}
		const button = f.querySelector('button[type=submit]');
		button.disabled = true;
		BR.say(box, '', '');
		try {
			const inv = await BR.api('POST', '/api/v1/invitations', body);
			BRI.show(document.getElementById('invite-result'), inv, clinicName(inv.clinic_id));
			f.reset();
			await loadInvitations();
		} catch (err) {
			BR.showError(box, f, err);
		} finally {
			button.disabled = false;
		}
	});

	/* Clinics ------------------------------------------------------------- */

	async function loadClinics() {
		clinics = await BR.api('GET', '/api/v1/clinics');
		const list = BR.clear(document.getElementById('clinic-list'));
		const box = document.getElementById('clinic-msg');
		for (const c of clinics) {
			const name = el('input', { type: 'text', value: c.name, maxlength: '120',
				'aria-label': 'Name of clinic ' + c.id });
			list.append(el('li', { class: 'inline-edit' }, name,
				el('button', { type: 'button', class: 'small-button', text: 'Rename',
					on: { click: async () => {
						try {
							await BR.api('POST', '/api/v1/clinics/' + c.id + '/rename',
								{ name: name.value.trim() });
							BR.say(box, 'ok', 'Renamed.');
							await loadClinics();
							await loadUsers();
						} catch (err) {
							BR.showError(box, null, err);
						}
					} } })));
		}
		const pick = document.getElementById('staff-clinic');
		BR.clear(pick).append(...clinics.map((c) =>
			el('option', { value: String(c.id), text: c.name })));
	}

	const clinicForm = document.getElementById('clinic-add');
	clinicForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		const box = document.getElementById('clinic-msg');
		try {
			await BR.api('POST', '/api/v1/clinics', { name: clinicForm.name.value.trim() });
			clinicForm.reset();
			BR.say(box, 'ok', 'Clinic added.');
			await loadClinics();
		} catch (err) {
			BR.showError(box, clinicForm, err);
		}
	});

	/* The audit log ------------------------------------------------------- */

	const filter = document.getElementById('audit-filter');
	const auditMsg = document.getElementById('audit-msg');
	const more = document.getElementById('audit-more');
	let next = null;

	function query(extra) {
		const q = new URLSearchParams();
		for (const k of ['patient_id', 'user_id', 'action', 'outcome', 'from', 'to']) {
			const v = filter[k].value.trim();
			if (v)
				q.set(k, v);
		}
		for (const [k, v] of Object.entries(extra || {}))
			q.set(k, String(v));
		return q.toString();
	}

	async function loadAudit(append) {
		const body = document.querySelector('#audit-table tbody');
		BR.say(auditMsg, '', '');
		let page;
		try {
			page = await BR.api('GET', '/api/v1/audit/search?' +
				query(append && next ? { before: next, limit: 50 } : { limit: 50 }));
		} catch (err) {
			BR.showError(auditMsg, filter, err);
			return;
		}
		if (!append)
			BR.clear(body);
		for (const a of page.entries)
			body.append(el('tr', { class: a.outcome === 'ok' ? '' : 'refused' },
				el('td', { text: a.at.replace('T', ' ').replace('Z', '') }),
				el('td', { text: a.actor }),
				el('td', { text: a.action }),
				el('td', { text: a.patient_id || '' }),
				el('td', { text: a.record || '' }),
				el('td', { text: a.origin }),
				el('td', { text: a.outcome })));
		if (!body.firstChild)
			body.append(el('tr', {}, el('td', { colspan: '7', class: 'muted',
				text: 'No entries match.' })));
		next = page.next_before;
		more.hidden = next === null;
	}

	filter.addEventListener('submit', (e) => {
		e.preventDefault();
		loadAudit(false);
	});
	more.addEventListener('click', () => loadAudit(true));
	document.getElementById('audit-csv').addEventListener('click', async () => {
		BR.say(auditMsg, '', '');
		let r;
		try {
			r = await fetch('/api/v1/audit/export?' + query({ limit: 10000 }),
				{ credentials: 'same-origin' });
		} catch (e) {
			BR.say(auditMsg, 'bad', 'The server cannot be reached.');
			return;
		}
		if (!r.ok) {
			const data = await r.json().catch(() => null);
			BR.showError(auditMsg, filter, new BR.ApiError(r.status, 'error',
				(data && data.error && data.error.message) || 'The export failed.',
				data && data.error && data.error.field));
			return;
		}
		const url = URL.createObjectURL(await r.blob());
		const a = el('a', { href: url, download: 'audit-' + new Date().toISOString()
			.slice(0, 10) + '.csv' });
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(url), 10000);
		BR.say(auditMsg, 'ok', 'The CSV of this view was downloaded (the export is in the log).');
	});

	async function start() {
		await BR.requireSession('admin');
		try {
			await loadClinics();
			await loadUsers();
			await loadAudit(false);
		} catch (err) {
			BR.showError(msg, null, err);
		}
	}
	start();
})();
