import type { Selectable } from 'kysely';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { checkAd, checkKeyword, networks, type AdText, type LimitProblem, type Network } from '../../domain/marketing/ads-limits.ts';
import { fieldsSchemaOf, fill, placeholderValues, renderFields, TemplateSchema, unknownPlaceholders } from '../../domain/marketing/ads-templates.ts';
import { untrueReasons, type AdClaim, type Untrue } from '../../domain/marketing/ads-truth.ts';
import type { AdTable, AdTemplateTable } from '../../db/types.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx, type Tx } from '../context.ts';
import { guardError } from '../guard-errors.ts';
import { googleEditorCsv, yandexCommanderXlsx, type ExportGroup } from './ads-export.ts';
import { catalogNow, type CatalogOffer } from './pricelist.ts';
import { z } from 'zod';

/**
 * Ads (C15): templates with placeholders, generation from offers into campaigns and groups, editing,
 * the list of untrue ads, and export for Yandex Direct Commander and Google Ads Editor. Every ad is checked
 * against its network's limits (`checkAd`; the database's `ad_limits_guard` too) and against the catalog of
 * now (`untrueReasons`; the export guard `ad_export_line_truth` too). Rule 5: an untrue ad is never exported.
 */

const toFieldErrors = (problems: LimitProblem[], prefix: string): FieldError[] => problems.map((p) => ({ path: `${prefix}${p.path}`, key: p.key, params: p.params }));

const templateFromRow = (r: Selectable<AdTemplateTable>) => ({
  id: r.id, name: r.name, network: r.network as Network, fields: r.fields as AdText, keywords: r.keywords as string[], finalUrl: r.final_url, version: r.version,
});
export type AdTemplate = ReturnType<typeof templateFromRow>;

/** A template's fields parsed for its network; unknown placeholders are refused with their field paths. */
function parseTemplate(input: unknown) {
  const d = parseInput(TemplateSchema, input);
  const f = fieldsSchemaOf(d.network).safeParse(d.fields ?? {});
  if (!f.success) throw new AppError('validation', 'e.validation', {}, f.error.issues.map((i) => ({ path: `fields.${i.path.join('.')}`, key: i.message.startsWith('v.') ? i.message : 'v.invalid' })));
  const fields = f.data as AdText;
  const texts: [string, string][] = 'headlines' in fields
    ? [...fields.headlines.map((s, i) => [`fields.headlines.${i}`, s] as [string, string]), ...fields.descriptions.map((s, i) => [`fields.descriptions.${i}`, s] as [string, string]), ['fields.path1', fields.path1], ['fields.path2', fields.path2]]
    : [['fields.title', fields.title], ['fields.title2', fields.title2], ['fields.text', fields.text]];
  texts.push(...d.keywords.map((k, i) => [`keywords.${i}`, k] as [string, string]), ['finalUrl', d.finalUrl]);
  const errors: FieldError[] = texts.flatMap(([path, s]) => unknownPlaceholders(s).map((p) => ({ path, key: 'ads.v.placeholder', params: { placeholder: `{${p}}` } })));
  if (errors.length) throw new AppError('validation', 'e.validation', {}, errors);
  return { ...d, fields };
}

export async function listTemplates(ctx: Ctx): Promise<AdTemplate[]> {
  requirePermission(ctx, 'marketing.read');
  return (await ctx.db.selectFrom('ad_template').selectAll().orderBy('network').orderBy('name').execute()).map(templateFromRow);
}

/** Creates a template, or changes one (`id`), checking its placeholders. */
export async function saveTemplate(ctx: Ctx, input: unknown, id?: string): Promise<AdTemplate> {
  requirePermission(ctx, 'marketing.write');
  const d = parseTemplate(input);
  return inTransaction(ctx, async (tx) => {
    const values = { name: d.name, network: d.network, fields: JSON.stringify(d.fields), keywords: JSON.stringify(d.keywords), final_url: d.finalUrl, updated_at: tx.now() };
    let before: AdTemplate | undefined;
    if (id) {
      const row = await tx.db.selectFrom('ad_template').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) throw new AppError('not_found', 'e.notFound', { entity: 'ad_template', id });
      before = templateFromRow(row);
    }
    const row = id
      ? await tx.db.updateTable('ad_template').set({ ...values, version: before!.version + 1 }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
      : await tx.db.insertInto('ad_template').values({ id: newId('adt'), ...values }).returningAll().executeTakeFirstOrThrow();
    const after = templateFromRow(row);
    await writeAudit(tx, { entityType: 'ad_template', entityId: after.id, action: id ? 'update' : 'create', before, after });
    return after;
  }).catch((e: unknown) => {
    if ((e as { code?: string }).code === '23505') throw new AppError('conflict', 'e.validation', {}, [{ path: 'name', key: 'v.duplicate' }]);
    throw e;
  });
}

export const GenerateSchema = z.object({
  templateId: z.string({ error: 'v.required' }).max(64),
  offerIds: z.array(z.string().max(64)).min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
  campaign: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
}).strict();

/** What an ad made now for an offer claims about it. */
const claimOf = (o: CatalogOffer): AdClaim => ({ offerId: o.id, siteId: o.siteId, params: o.params, net: o.net, setupNet: o.setupNet, gross: o.gross, setupGross: o.setupGross });

const claimColumns = (c: AdClaim) => ({ claim_site_id: c.siteId, claim_params: JSON.stringify(c.params), claim_net: c.net, claim_setup_net: c.setupNet, claim_gross: c.gross, claim_setup_gross: c.setupGross });

/** A template filled for an offer that is shown now; refuses an offer that is unpublished or has no room. */
function renderFor(t: AdTemplate, o: CatalogOffer | undefined, offerId: string, prefix: string) {
  if (!o || o.hidden.length > 0) throw new AppError('rule', 'e.ads.offerNotShown', { code: o?.code ?? offerId });
  const values = placeholderValues(o);
  const fields = renderFields(t.fields, values);
  const keywords = [...new Set(t.keywords.map((k) => fill(k, values).trim()).filter((k) => k !== ''))];
  const problems = [...checkAd(t.network, fields), ...keywords.flatMap((k, i) => checkKeyword(t.network, k, `keywords.${i}`))];
  if (problems.length) throw new AppError('validation', 'e.validation', { code: o.code }, toFieldErrors(problems, prefix));
  return { fields, keywords, finalUrl: fill(t.finalUrl, values), claim: claimOf(o) };
}

async function templateOf(tx: Ctx, id: string): Promise<AdTemplate> {
  const row = await tx.db.selectFrom('ad_template').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'e.notFound', { entity: 'ad_template', id });
  return templateFromRow(row);
}

/** Makes ads from a template for offers: a campaign (found by name or new), a group per offer with its keywords, one ad each. */
export async function generateAds(ctx: Ctx, input: unknown): Promise<{ campaignId: string; adIds: string[] }> {
  requirePermission(ctx, 'marketing.write');
  const d = parseInput(GenerateSchema, input);
  return inTransaction(ctx, async (tx) => {
    const t = await templateOf(tx, d.templateId);
    const catalog = new Map((await catalogNow(tx)).offers.map((o) => [o.id, o]));
    const made = d.offerIds.map((id, i) => ({ offer: catalog.get(id)!, ...renderFor(t, catalog.get(id), id, `offers.${i}.`) }));
    let campaign = await tx.db.selectFrom('ad_campaign').select('id').where('network', '=', t.network).where('name', '=', d.campaign).executeTakeFirst();
    if (!campaign) campaign = await tx.db.insertInto('ad_campaign').values({ id: newId('adc'), network: t.network, name: d.campaign }).returning('id').executeTakeFirstOrThrow();
    const adIds: string[] = [];
    for (const m of made) {
      let group = await tx.db.selectFrom('ad_group').select('id').where('campaign_id', '=', campaign.id).where('offer_id', '=', m.offer.id).executeTakeFirst();
      if (!group) group = await tx.db.insertInto('ad_group').values({ id: newId('adg'), campaign_id: campaign.id, network: t.network, name: `${m.offer.name} · ${m.offer.location}`, offer_id: m.offer.id }).returning('id').executeTakeFirstOrThrow();
      for (const k of m.keywords) await tx.db.insertInto('ad_keyword').values({ id: newId('adk'), group_id: group.id, network: t.network, phrase: k }).onConflict((oc) => oc.columns(['group_id', 'phrase']).doNothing()).execute();
      const row = await tx.db.insertInto('ad').values({ id: newId('ad'), group_id: group.id, network: t.network, offer_id: m.offer.id, template_id: t.id, fields: JSON.stringify(m.fields), final_url: m.finalUrl, ...claimColumns(m.claim), updated_at: tx.now() })
        .returningAll().executeTakeFirstOrThrow();
      adIds.push(row.id);
      await writeAudit(tx, { entityType: 'ad', entityId: row.id, scopeId: m.offer.id, action: 'create', after: { fields: m.fields, claim: m.claim, campaign: d.campaign } });
    }
    return { campaignId: campaign.id, adIds };
  }).catch((e: unknown) => { throw guardError(e); });
}

export const AdPatchSchema = z.object({ fields: z.unknown(), finalUrl: z.string().trim().regex(/^https?:\/\/\S+$/, { error: 'ads.v.url' }).max(1024).optional(), version: z.number().int() }).strict();

async function adForUpdate(tx: Tx, id: string) {
  const row = await tx.db.selectFrom('ad').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('not_found', 'e.notFound', { entity: 'ad', id });
  return row;
}

/** Changes an ad's texts by hand (limits checked; what it claims stays, so a text stating another price is untrue). */
export async function updateAd(ctx: Ctx, id: string, input: unknown) {
  requirePermission(ctx, 'marketing.write');
  const d = parseInput(AdPatchSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await adForUpdate(tx, id);
    if (before.version !== d.version) throw new AppError('conflict', 'e.ads.stale', {}, [], { currentVersion: before.version });
    const network = before.network as Network;
    const f = fieldsSchemaOf(network).safeParse(d.fields ?? {});
    if (!f.success) throw new AppError('validation', 'e.validation', {}, f.error.issues.map((i) => ({ path: `fields.${i.path.join('.')}`, key: 'v.invalid' })));
    const fields = f.data as AdText;
    const problems = checkAd(network, fields);
    if (problems.length) throw new AppError('validation', 'e.validation', {}, toFieldErrors(problems, 'fields.'));
    const row = await tx.db.updateTable('ad').set({ fields: JSON.stringify(fields), ...(d.finalUrl ? { final_url: d.finalUrl } : {}), version: before.version + 1, updated_at: tx.now() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'ad', entityId: id, scopeId: before.offer_id, action: 'update', before: { fields: before.fields }, after: { fields } });
    const catalog = await catalogNow(tx);
    return adView(row, catalog.offers.find((o) => o.id === row.offer_id) ?? null, catalog.cities);
  }).catch((e: unknown) => { throw guardError(e); });
}

/** Makes an ad again from its template and the offer of now: texts and claim both current. */
export async function regenerateAd(ctx: Ctx, id: string) {
  requirePermission(ctx, 'marketing.write');
  return inTransaction(ctx, async (tx) => {
    const before = await adForUpdate(tx, id);
    if (!before.template_id) throw new AppError('rule', 'e.ads.templateNetwork');
    const t = await templateOf(tx, before.template_id);
    const catalog = await catalogNow(tx);
    const offer = catalog.offers.find((o) => o.id === before.offer_id);
    const m = renderFor(t, offer, before.offer_id, '');
    const row = await tx.db.updateTable('ad').set({ fields: JSON.stringify(m.fields), final_url: m.finalUrl, ...claimColumns(m.claim), version: before.version + 1, updated_at: tx.now() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'ad', entityId: id, scopeId: before.offer_id, action: 'regenerate', before: { fields: before.fields, claim_gross: before.claim_gross.toString() }, after: { fields: m.fields, claim: m.claim } });
    return adView(row, offer ?? null, catalog.cities);
  }).catch((e: unknown) => { throw guardError(e); });
}

const claimFromRow = (r: Selectable<AdTable>): AdClaim => ({
  offerId: r.offer_id, siteId: r.claim_site_id, params: r.claim_params as Record<string, unknown>, net: r.claim_net, setupNet: r.claim_setup_net, gross: r.claim_gross, setupGross: r.claim_setup_gross,
});

function adView(r: Selectable<AdTable>, offer: CatalogOffer | null, cities: readonly string[]) {
  const fields = r.fields as AdText;
  const network = r.network as Network;
  const untrue: Untrue[] = untrueReasons(claimFromRow(r), offer, fields, cities);
  return {
    id: r.id, groupId: r.group_id, network, offerId: r.offer_id, templateId: r.template_id, fields, finalUrl: r.final_url, version: r.version,
    claim: { price: r.claim_gross, setup: r.claim_setup_gross },
    problems: toFieldErrors(checkAd(network, fields), 'fields.'),
    untrue,
  };
}
export type AdView = ReturnType<typeof adView>;

/** Campaigns → groups (with their offer and keywords) → ads, each ad with its limit problems and why it is untrue now. */
export async function listAds(ctx: Ctx, opts: { network?: Network; campaignId?: string } = {}) {
  requirePermission(ctx, 'marketing.read');
  return adsNow(ctx, opts);
}

async function adsNow(ctx: Ctx, opts: { network?: Network; campaignId?: string }) {
  let cq = ctx.db.selectFrom('ad_campaign').selectAll().orderBy('network').orderBy('name');
  if (opts.network) cq = cq.where('network', '=', opts.network);
  if (opts.campaignId) cq = cq.where('id', '=', opts.campaignId);
  const campaigns = await cq.execute();
  const ids = campaigns.map((c) => c.id);
  if (ids.length === 0) return { campaigns: [], untrue: [] };
  const groups = await ctx.db.selectFrom('ad_group').selectAll().where('campaign_id', 'in', ids).orderBy('name').execute();
  const gids = groups.map((g) => g.id);
  const [ads, keywords, catalog] = await Promise.all([
    gids.length ? ctx.db.selectFrom('ad').selectAll().where('group_id', 'in', gids).orderBy('created_at').orderBy('id').execute() : [],
    gids.length ? ctx.db.selectFrom('ad_keyword').selectAll().where('group_id', 'in', gids).orderBy('phrase').execute() : [],
    catalogNow(ctx),
  ]);
  const offers = new Map(catalog.offers.map((o) => [o.id, o]));
  const views = ads.map((a) => adView(a, offers.get(a.offer_id) ?? null, catalog.cities));
  const out = campaigns.map((c) => ({
    id: c.id, network: c.network as Network, name: c.name,
    groups: groups.filter((g) => g.campaign_id === c.id).map((g) => {
      const o = offers.get(g.offer_id);
      return { id: g.id, name: g.name, offerId: g.offer_id, offerCode: o?.code ?? g.offer_id, offerName: o?.name ?? '', keywords: keywords.filter((k) => k.group_id === g.id).map((k) => k.phrase), ads: views.filter((a) => a.groupId === g.id) };
    }),
  }));
  const untrue = out.flatMap((c) => c.groups.flatMap((g) => g.ads.filter((a) => a.untrue.length > 0).map((a) => ({ adId: a.id, campaign: c.name, group: g.name, network: c.network, reasons: a.untrue }))));
  return { campaigns: out, untrue };
}

export const ExportQuerySchema = z.object({ network: z.enum(networks, { error: 'v.enum' }), campaignId: z.string().max(64).optional() }).strict();

/**
 * Exports a network's ads (or one campaign's) in the file its tool imports. Refuses the whole export when
 * any ad is untrue now or over a limit, naming each; the export is recorded line by line, and the database
 * refuses a line whose ad no longer matches the catalog.
 */
export async function exportAds(ctx: Ctx, input: unknown): Promise<{ fileName: string; contentType: string; body: Buffer; count: number }> {
  requirePermission(ctx, 'marketing.write');
  const q = parseInput(ExportQuerySchema, input);
  return inTransaction(ctx, async (tx) => {
    const { campaigns } = await adsNow(tx, q);
    const bad = campaigns.flatMap((c) => c.groups.flatMap((g) => g.ads.filter((a) => a.problems.length > 0 || a.untrue.length > 0).map((a) => ({ adId: a.id, group: g.name, untrue: a.untrue, problems: a.problems }))));
    if (bad.length) throw new AppError('rule', 'e.ads.untrueList', { count: bad.length, ads: bad.map((b) => b.group).join(', ') }, [], { untrue: bad });
    const groups: ExportGroup[] = campaigns.flatMap((c) => c.groups.filter((g) => g.ads.length > 0).map((g) => ({ campaign: c.name, group: g.name, keywords: g.keywords, ads: g.ads.map((a) => ({ id: a.id, fields: a.fields as never, finalUrl: a.finalUrl })) })));
    const all = groups.flatMap((g) => g.ads);
    if (all.length === 0) throw new AppError('rule', 'e.ads.noneToExport');
    const exportId = newId('adx');
    await tx.db.insertInto('ad_export').values({ id: exportId, network: q.network, ad_count: all.length, exported_by: tx.actor.id, exported_by_name: tx.actor.name }).execute();
    const versions = new Map(campaigns.flatMap((c) => c.groups.flatMap((g) => g.ads.map((a) => [a.id, a.version] as const))));
    await tx.db.insertInto('ad_export_line').values(all.map((a) => ({ export_id: exportId, ad_id: a.id, ad_version: versions.get(a.id)! }))).execute();
    await writeAudit(tx, { entityType: 'ad_export', entityId: exportId, action: 'create', after: { network: q.network, ads: all.map((a) => a.id) } });
    const stamp = tx.now().toISOString().slice(0, 10);
    return q.network === 'yandex'
      ? { fileName: `yandex-direct-${stamp}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await yandexCommanderXlsx(groups), count: all.length }
      : { fileName: `google-ads-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', body: googleEditorCsv(groups), count: all.length };
  }).catch((e: unknown) => { throw guardError(e); });
}
