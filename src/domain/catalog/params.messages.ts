import { paramMessages } from './service-params.ts';

/** Titles of service kinds and of their parameters (from the vocabulary), for messages that name them. */
export const ru: Record<string, string> = {
  'servicekind.dedicated': 'выделенный сервер',
  'servicekind.colocation': 'колокация',
  'servicekind.vps': 'VPS',
  'servicekind.internet': 'доступ в интернет',
  'v.feas.unknownParam': 'Такого параметра у этого вида услуги нет',
  'e.feas.lineNoRequest': 'Строка {line} «{description}»: нет запроса технической возможности по услуге «{kind}» для этого клиента и площадки — создайте его из строки',
  'e.feas.lineUnanswered': 'Строка {line} «{description}»: техотдел ещё не ответил на запрос технической возможности',
  'e.feas.lineNegative': 'Строка {line} «{description}»: техотдел ответил «нереализуемо»',
  'e.feas.lineExpired': 'Строка {line} «{description}»: ответ техотдела истёк {date}',
  'e.feas.lineQuantity': 'Строка {line} «{description}»: подтверждено {confirmed} шт., в строке {asked} шт.',
  'e.feas.lineParam': 'Строка {line} «{description}»: ответ техотдела не покрывает параметр «{param}» (в строке {asked}, подтверждено {confirmed})',
  ...paramMessages('ru'),
};

export const en: Record<string, string> = {
  'servicekind.dedicated': 'dedicated server',
  'servicekind.colocation': 'colocation',
  'servicekind.vps': 'VPS',
  'servicekind.internet': 'internet access',
  'v.feas.unknownParam': 'This kind of service has no such parameter',
  'e.feas.lineNoRequest': 'Line {line} “{description}”: no feasibility request for “{kind}” for this client and site — create one from the line',
  'e.feas.lineUnanswered': 'Line {line} “{description}”: the tech department has not answered the feasibility request yet',
  'e.feas.lineNegative': 'Line {line} “{description}”: the tech department answered “not feasible”',
  'e.feas.lineExpired': 'Line {line} “{description}”: the tech department’s answer expired on {date}',
  'e.feas.lineQuantity': 'Line {line} “{description}”: {confirmed} confirmed, the line asks for {asked}',
  'e.feas.lineParam': 'Line {line} “{description}”: the tech department’s answer does not cover “{param}” (line {asked}, confirmed {confirmed})',
  ...paramMessages('en'),
};
