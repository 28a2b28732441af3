import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * Allocations with whom they are for: the held company, the assigned client, or the assigned service with
 * its client (the service's title and company are read, not written: a label for the tech department).
 */
export function allocationsWithWhom(db: Kysely<DB>) {
  return db.selectFrom('inv_allocation as a')
    .leftJoin('company as hc', 'hc.id', 'a.hold_company_id')
    .leftJoin('company as ac', (j) => j.onRef('ac.id', '=', 'a.assigned_ref').on('a.assigned_kind', '=', 'client'))
    .leftJoin('billing_service as s', (j) => j.onRef('s.id', '=', 'a.assigned_ref').on('a.assigned_kind', '=', 'service'))
    .leftJoin('company as sc', 'sc.id', 's.client_id')
    .selectAll('a').select(['hc.name as hold_company_name', 'ac.name as client_name', 's.title as service_title', 's.client_id as service_company_id', 'sc.name as service_company_name']);
}

export interface Whom { holdCompanyName: string | null; clientName: string | null; serviceTitle: string | null; serviceCompanyId: string | null; serviceCompanyName: string | null }

export const whomOf = (r: { hold_company_name: string | null; client_name: string | null; service_title: string | null; service_company_id: string | null; service_company_name: string | null }): Whom => ({
  holdCompanyName: r.hold_company_name, clientName: r.client_name, serviceTitle: r.service_title, serviceCompanyId: r.service_company_id, serviceCompanyName: r.service_company_name,
});
