/** What each permission lets a person do, as the permission error names it. Russian first. */
export const ru = {
  'perm.company.read': 'просмотр компаний', 'perm.company.write': 'изменение компаний', 'perm.contact.write': 'изменение контактов',
  'perm.consent.write': 'учёт согласий', 'perm.audit.read': 'просмотр истории изменений', 'perm.user.read': 'просмотр пользователей',
  'perm.user.manage': 'управление пользователями', 'perm.import.run': 'импорт данных', 'perm.data.export': 'выгрузка всех данных',
  'perm.reference.manage': 'ведение справочников', 'perm.catalog.write': 'ведение каталога', 'perm.pricelist.import': 'загрузка прайс-листов поставщиков',
  'perm.pricing.formula': 'изменение формулы рентабельности', 'perm.proposal.read': 'просмотр КП', 'perm.proposal.write': 'подготовка КП',
  'perm.proposal.approve': 'согласование КП ниже минимальной цены (руководство)', 'perm.crm.read': 'просмотр сделок', 'perm.crm.write': 'работа со сделками',
  'perm.crm.team': 'просмотр сделок всей команды', 'perm.crm.configure': 'настройка воронки продаж', 'perm.partner.manage': 'ведение партнёров',
  'perm.inventory.read': 'просмотр инвентаря', 'perm.inventory.manage': 'ведение инвентаря', 'perm.inventory.allocate': 'резервирование ресурсов',
  'perm.feasibility.request': 'запросы техвозможности', 'perm.feasibility.answer': 'ответы на запросы техвозможности',
  'perm.billing.read': 'просмотр биллинга', 'perm.billing.write': 'изменение услуг и счетов', 'perm.billing.run': 'выставление счетов',
  'perm.payment.write': 'разнесение платежей', 'perm.billing.suspend': 'приостановка услуг за неоплату',
  'perm.payroll.own': 'просмотр своего расчёта вознаграждения', 'perm.payroll.read': 'просмотр расчётов вознаграждения', 'perm.payroll.manage': 'ведение планов и расчётов вознаграждения',
  'perm.bik.import': 'загрузка справочника БИК',
} as const;

export const en: Record<keyof typeof ru, string> = {
  'perm.company.read': 'viewing companies', 'perm.company.write': 'changing companies', 'perm.contact.write': 'changing contacts',
  'perm.consent.write': 'recording consents', 'perm.audit.read': 'viewing the change history', 'perm.user.read': 'viewing users',
  'perm.user.manage': 'managing users', 'perm.import.run': 'importing data', 'perm.data.export': 'exporting all data',
  'perm.reference.manage': 'managing reference data', 'perm.catalog.write': 'managing the catalog', 'perm.pricelist.import': 'loading supplier price lists',
  'perm.pricing.formula': 'changing the profitability formula', 'perm.proposal.read': 'viewing proposals', 'perm.proposal.write': 'preparing proposals',
  'perm.proposal.approve': 'approving proposals below the floor price (management)', 'perm.crm.read': 'viewing deals', 'perm.crm.write': 'working on deals',
  'perm.crm.team': "viewing the whole team's deals", 'perm.crm.configure': 'configuring the sales pipeline', 'perm.partner.manage': 'managing partners',
  'perm.inventory.read': 'viewing inventory', 'perm.inventory.manage': 'managing inventory', 'perm.inventory.allocate': 'reserving resources',
  'perm.feasibility.request': 'requesting feasibility checks', 'perm.feasibility.answer': 'answering feasibility requests',
  'perm.billing.read': 'viewing billing', 'perm.billing.write': 'changing services and invoices', 'perm.billing.run': 'issuing invoices',
  'perm.payment.write': 'allocating payments', 'perm.billing.suspend': 'suspending services for non-payment',
  'perm.payroll.own': 'viewing your own pay statement', 'perm.payroll.read': 'viewing pay statements', 'perm.payroll.manage': 'managing pay plans and statements',
  'perm.bik.import': 'loading the БИК directory',
};
