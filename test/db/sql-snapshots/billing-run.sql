SELECT DISTINCT client_id FROM billing_service s
    WHERE status IN ('active','closing','closed') AND start_date <= $1::date AND (end_date IS NULL OR end_date >= $2::date)
      AND billing_day <= $3::int
      AND (NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':' || $4::text)
           OR (s.setup_fee > 0 AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':setup')))
    ORDER BY client_id;

CREATE TEMP TABLE bl_cand ON COMMIT DROP AS
    WITH seg AS (
      SELECT s.id AS service_id, s.client_id, s.seller_id, s.title, t.id AS tariff_id, t.valid_from,
             t.monthly_price AS unit_monthly, t.quantity,
             greatest($1::date, s.start_date, t.valid_from) AS d_from,
             least($2::date, coalesce(s.end_date, $3::date), coalesce(t.valid_to - 1, $4::date)) AS d_to
      FROM billing_service s
      JOIN service_tariff t ON t.service_id = s.id AND t.valid_from <= $5::date AND (t.valid_to IS NULL OR t.valid_to > $6::date)
      WHERE s.client_id = ANY($7::text[]) AND s.status IN ('active','closing','closed')
        AND s.start_date <= $8::date AND (s.end_date IS NULL OR s.end_date >= $9::date) AND s.billing_day <= $10::int
        AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':' || $11::text)
    ), seg2 AS (
      SELECT *, (2 * unit_monthly * extract(day FROM d_to)::int8 + $12::int8) / (2 * $13::int8) - (2 * unit_monthly * (extract(day FROM d_from)::int8 - 1) + $14::int8) / (2 * $15::int8) AS unit_price,
             row_number() OVER (PARTITION BY service_id ORDER BY valid_from) AS seg_no
      FROM seg WHERE d_from <= d_to AND quantity > 0
    ), lines AS (
      SELECT service_id, client_id, seller_id, tariff_id, 'period'::text AS line_kind,
             service_id || ':' || $16::text || CASE WHEN seg_no = 1 THEN '' ELSE ':' || tariff_id END AS billing_key,
             d_from, d_to, unit_price, quantity,
             title || ' за ' || $17::text
               || CASE WHEN d_from > $18::date OR d_to < $19::date
                  THEN ' (' || to_char(d_from, 'DD.MM.YYYY') || '–' || to_char(d_to, 'DD.MM.YYYY') || ', '
                       || (d_to - d_from + 1)::text || ' из ' || $20::text || ' дн.)' ELSE '' END AS description,
             unit_price * quantity AS net
      FROM seg2
      UNION ALL
      SELECT s.id, s.client_id, s.seller_id, NULL, 'setup', s.id || ':setup', s.start_date, s.start_date, s.setup_fee, 1,
             'Подключение: ' || s.title, s.setup_fee
      FROM billing_service s
      WHERE s.client_id = ANY($21::text[]) AND s.status IN ('active','closing','closed') AND s.setup_fee > 0
        AND s.start_date <= $22::date AND (s.end_date IS NULL OR s.end_date >= s.start_date) AND s.billing_day <= $23::int
        AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':setup')
    )
    SELECT l.*, r.rate AS vat_rate,
           CASE WHEN r.rate IS NULL THEN 0::int8 ELSE round(l.net::numeric * r.rate / 100)::int8 END AS vat
    FROM lines l JOIN jsonb_to_recordset($24::jsonb) AS r(id text, rate numeric) ON r.id = l.seller_id;

CREATE TEMP TABLE bl_inv ON COMMIT DROP AS
        SELECT 'iv_' || replace(gen_random_uuid()::text, '-', '') AS id, g.seller_id, g.client_id,
               ($1::jsonb ->> g.seller_id)::int - 1 + row_number() OVER (PARTITION BY g.seller_id ORDER BY g.client_id) AS number,
               g.net, g.vat, g.rate
        FROM (SELECT seller_id, client_id, sum(net)::int8 AS net, sum(vat)::int8 AS vat, max(vat_rate) AS rate FROM bl_cand GROUP BY 1, 2) g;

INSERT INTO invoice (id, seller_id, client_id, year, number, kind, period, issue_date, due_date, net_total, vat_total, total, vat_rate, seller, buyer, run_id)
        SELECT g.id, g.seller_id, g.client_id, $1::int, g.number, 'period', $2::text, $3::date, $4::date,
               g.net, g.vat, g.net + g.vat, g.rate, jsonb_build_object('kind', s.kind, 'legalForm', s.legal_form, 'name', s.name,
  'inn', s.inn, 'kpp', s.kpp, 'ogrn', s.ogrn, 'address', s.legal_address, 'bankName', s.bank_name,
  'bik', s.bik, 'account', s.settlement_account, 'corrAccount', s.corr_account, 'email', s.email), jsonb_build_object('kind', b.kind, 'legalForm', b.legal_form, 'name', b.name,
  'inn', b.inn, 'kpp', b.kpp, 'ogrn', b.ogrn, 'address', b.legal_address, 'bankName', b.bank_name,
  'bik', b.bik, 'account', b.settlement_account, 'corrAccount', b.corr_account, 'email', b.email), $5
        FROM bl_inv g JOIN company s ON s.id = g.seller_id JOIN company b ON b.id = g.client_id
        ORDER BY g.seller_id, g.number;

INSERT INTO invoice_line (invoice_id, service_id, billing_key, line_kind, period, date_from, date_to, description, quantity, unit_price, net, vat_rate, vat, total, tariff_id)
        SELECT i.id, c.service_id, c.billing_key, c.line_kind, $1::text, c.d_from, c.d_to, c.description, c.quantity, c.unit_price, c.net, c.vat_rate, c.vat, c.net + c.vat, c.tariff_id
        FROM bl_cand c JOIN bl_inv i ON i.seller_id = c.seller_id AND i.client_id = c.client_id
        ORDER BY i.seller_id, i.number, c.line_kind DESC, c.service_id, c.d_from;
