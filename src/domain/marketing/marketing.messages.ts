/** Marketing (C15) messages: competitors, demand, ad spend. Russian first. */
export const ru = {
  'v.mkt.url': 'Нужна ссылка http:// или https://',
  'v.mkt.unknownParam': 'Такого параметра нет в каталоге для этого вида услуги',
  'v.mkt.paramsText': 'Параметры пишутся как ключ=значение через «;» (например, ramGb=32; cores=8)',
  'v.mkt.yesNo': 'Нужно «да» или «нет»',
  'v.mkt.month': 'Неверный месяц: нужен формат ГГГГ-ММ',
  'v.mkt.campaign': 'Кампания UTM: буквы, цифры и знаки _ . + - без пробелов',
  'v.mkt.duplicateSpend': 'Кампания и месяц уже есть в строке {line}',
  'e.mkt.unknownSite': 'Площадка «{code}» не найдена',
  'e.mkt.futureObservation': 'Цена конкурента не может быть увиденной позже сегодняшнего дня ({date})',
  'e.mkt.unknownParams': 'Параметры {keys} не входят в словарь каталога для вида «{kind}»',
  'e.mkt.spendUsed': 'Расход уже удержан из премии менеджера: изменить его нельзя',
  'e.mkt.spendDuplicate': 'Расход кампании «{campaign}» за {month} уже записан',
  'e.mkt.spendNotFound': 'Расход не найден',
  'e.mkt.spendTaken': 'Расход уже отнесён на менеджера',
} as const;

export const en: Record<keyof typeof ru, string> = {
  'v.mkt.url': 'Needs an http:// or https:// link',
  'v.mkt.unknownParam': 'The catalog has no such parameter for this kind of service',
  'v.mkt.paramsText': 'Parameters are key=value separated by ";" (e.g. ramGb=32; cores=8)',
  'v.mkt.yesNo': 'Needs "yes" or "no"',
  'v.mkt.month': 'Invalid month: use YYYY-MM',
  'v.mkt.campaign': 'UTM campaign: letters, digits and _ . + - without spaces',
  'v.mkt.duplicateSpend': 'Campaign and month already on line {line}',
  'e.mkt.unknownSite': 'Site "{code}" not found',
  'e.mkt.futureObservation': "A competitor's price cannot be seen after today ({date})",
  'e.mkt.unknownParams': 'Parameters {keys} are not in the catalog vocabulary of kind "{kind}"',
  'e.mkt.spendUsed': "The spend is already deducted from a manager's bonus: it cannot change",
  'e.mkt.spendDuplicate': 'Spend of campaign "{campaign}" for {month} is already recorded',
  'e.mkt.spendNotFound': 'Spend not found',
  'e.mkt.spendTaken': 'The spend is already assigned to a manager',
};
