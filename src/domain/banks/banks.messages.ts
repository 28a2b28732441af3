/** БИК directory texts. Russian first. */
export const ru = {
  'e.bik.badFile': 'Справочник БИК не загружен: строка {line} — {reason}',
  'bik.file.xml': 'файл не является корректным XML',
  'bik.file.notEd807': 'это не справочник БИК Банка России (нужен ED807)',
  'bik.file.bik': 'у записи нет БИК из 9 цифр',
  'bik.file.name': 'у участника нет наименования (NameP)',
  'bik.file.unclosed': 'запись BICDirectoryEntry не закрыта',
  'bik.file.empty': 'в справочнике нет ни одной записи',
  'w.bik.unknown': 'БИК {bik} не найден в справочнике Банка России — проверьте его',
  'w.bik.closed': 'Банк с БИК {bik} исключён из справочника{date} — реквизиты устарели',
};

export const en: Record<keyof typeof ru, string> = {
  'e.bik.badFile': 'The БИК directory was not loaded: line {line} — {reason}',
  'bik.file.xml': 'the file is not well-formed XML',
  'bik.file.notEd807': 'this is not the Bank of Russia БИК directory (ED807 expected)',
  'bik.file.bik': 'an entry has no 9-digit БИК',
  'bik.file.name': 'a participant has no name (NameP)',
  'bik.file.unclosed': 'a BICDirectoryEntry is not closed',
  'bik.file.empty': 'the directory has no entries',
  'w.bik.unknown': 'БИК {bik} is not in the Bank of Russia directory — please check it',
  'w.bik.closed': 'The bank with БИК {bik} was removed from the directory{date} — the requisites are out of date',
};
