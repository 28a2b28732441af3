import { newId } from '../../domain/ids.ts';
import { AppError } from '../../domain/errors.ts';
import { LeadFormSchema } from '../../domain/crm/crm.schemas.ts';
import { createCompany } from '../parties/create-company.ts';
import { createContact } from '../parties/contacts.ts';
import { recordConsent } from '../parties/consents.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, systemActor, type Ctx } from '../context.ts';
import { createDeal } from './deals.ts';

/** The active manager with the fewest open deals takes a website lead (management or admin when there is none). */
async function pickOwner(ctx: Ctx): Promise<string> {
  for (const roles of [['manager'], ['management', 'admin']]) {
    const r = await ctx.db.selectFrom('app_user as u').select('u.id')
      .select((eb) => eb.selectFrom('deal as d').whereRef('d.owner_id', '=', 'u.id').where('d.outcome', '=', 'open').select((e) => e.fn.countAll<string>().as('n')).as('open'))
      .where('u.active', '=', true).where('u.role', 'in', roles).orderBy('open').orderBy('u.created_at').limit(1).executeTakeFirst();
    if (r) return r.id;
  }
  throw new AppError('rule', 'e.crm.inactiveUser', { id: 'manager' });
}

/**
 * A visitor's request from the website form: one transaction creates the company (as a private person
 * unless an organization is named), the contact, the consent with the text version accepted, the lead,
 * and the inbound request itself — so answering it is a reply, not advertising. Bad input creates nothing.
 */
export async function submitLeadForm(ctx: Ctx, input: unknown, meta: { ip?: string } = {}): Promise<{ dealId: string }> {
  const data = parseInput(LeadFormSchema, input);
  const sys: Ctx = { ...ctx, actor: { ...systemActor, name: 'website' } };
  return inTransaction(sys, async (tx) => {
    const company = await createCompany(tx, { kind: 'individual', name: data.organization ?? data.name, roles: ['client'], email: data.email, ...(data.phone ? { phone: data.phone } : {}) });
    const contact = await createContact(tx, company.id, { fullName: data.name, emails: [data.email], phones: data.phone ? [data.phone] : [] });
    const source = `website form${meta.ip ? ` (${meta.ip})` : ''}`;
    await recordConsent(tx, company.id, contact.id, { channel: 'email', purpose: 'pd_processing', status: 'granted', source, textVersion: data.consentTextVersion });
    if (data.advertisingAccepted) {
      await recordConsent(tx, company.id, contact.id, { channel: 'email', purpose: 'advertising', status: 'granted', source, textVersion: data.consentTextVersion });
    }
    const deal = await createDeal(tx, {
      title: data.organization ? `${data.organization}: заявка с сайта` : `${data.name}: заявка с сайта`,
      source: 'website_form', ownerId: await pickOwner(tx), companyId: company.id, contactId: contact.id, serviceKind: data.serviceKind,
      parameters: data.message, utmSource: data.utmSource, utmMedium: data.utmMedium, utmCampaign: data.utmCampaign, utmContent: data.utmContent, utmTerm: data.utmTerm,
    });
    const id = newId('ac');
    await tx.db.insertInto('activity').values({
      id, kind: 'email', direction: 'inbound', purpose: 'reply', deal_id: deal.id, company_id: company.id, contact_id: contact.id,
      owner_id: null, at: tx.now(), subject: 'Заявка с сайта', outcome: null, body: data.message, email_to: null, email_message_id: null,
    }).execute();
    await writeAudit(tx, { entityType: 'activity', entityId: id, scopeId: company.id, action: 'website_form', after: { dealId: deal.id, consentTextVersion: data.consentTextVersion } });
    return { dealId: deal.id };
  });
}

/** A small embeddable HTML form that posts to the public endpoint (Russian; the consent text version travels with it). */
export function leadFormHtml(opts: { action: string; consentTextVersion: string }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Заявка</title>
<style>body{font:15px system-ui,sans-serif;margin:0;padding:12px}label{display:block;margin:8px 0 2px}input,select,textarea{width:100%;box-sizing:border-box;padding:6px}
.ck{display:flex;gap:6px;align-items:flex-start;margin-top:8px}.ck input{width:auto}.hp{position:absolute;left:-9999px}#msg{margin-top:10px}</style></head>
<body><form id="rdlead">
<label for="name">Имя *</label><input id="name" name="name" required maxlength="200">
<label for="organization">Организация</label><input id="organization" name="organization" maxlength="300">
<label for="email">E-mail *</label><input id="email" name="email" type="email" required maxlength="200">
<label for="phone">Телефон</label><input id="phone" name="phone" maxlength="40">
<label for="serviceKind">Услуга</label><select id="serviceKind" name="serviceKind"><option value="">—</option><option value="dedicated">Выделенный сервер</option><option value="colocation">Размещение оборудования</option><option value="vps">VPS</option><option value="internet">Доступ в интернет</option></select>
<label for="message">Сообщение</label><textarea id="message" name="message" rows="4" maxlength="5000"></textarea>
<input class="hp" name="website" tabindex="-1" autocomplete="off" aria-hidden="true">
<div class="ck"><input id="consent" type="checkbox" name="consentAccepted" required><label for="consent">Согласен(на) на обработку персональных данных (редакция ${esc(opts.consentTextVersion)}) *</label></div>
<div class="ck"><input id="adv" type="checkbox" name="advertisingAccepted"><label for="adv">Согласен(на) получать рекламные и информационные рассылки по e-mail</label></div>
<p><button type="submit">Отправить</button></p><div id="msg" role="status"></div></form>
<script>
(function(){var f=document.getElementById('rdlead'),m=document.getElementById('msg');var q=new URLSearchParams(location.search);
f.addEventListener('submit',function(e){e.preventDefault();var d={};new FormData(f).forEach(function(v,k){if(v!=='')d[k]=v;});
d.consentAccepted=f.consentAccepted.checked;d.advertisingAccepted=f.advertisingAccepted.checked;d.consentTextVersion=${JSON.stringify(opts.consentTextVersion)};
['utm_source','utm_medium','utm_campaign','utm_content','utm_term'].forEach(function(k){var v=q.get(k);if(v)d[k.replace(/_(\\w)/,function(_,c){return c.toUpperCase();})]=v;});
fetch(${JSON.stringify(opts.action)},{method:'POST',headers:{'content-type':'application/json','accept-language':'ru'},body:JSON.stringify(d)})
.then(function(r){return r.json().then(function(b){return{ok:r.ok,b:b};});}).then(function(x){if(x.ok){f.reset();m.textContent='Спасибо! Мы свяжемся с вами.';}
else{m.textContent=(x.b.detail||'Ошибка')+(x.b.errors?': '+x.b.errors.map(function(e){return e.message;}).join('; '):'');}});});})();
</script></body></html>`;
}
