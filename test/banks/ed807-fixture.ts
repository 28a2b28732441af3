import { toCp1251 } from '../billing/statement-fixture.ts';

/**
 * A small БИК directory in the shape the Bank of Russia publishes (ED807, namespace urn:cbr-ru:ed:v2.0,
 * windows-1251): an active bank with its correspondent account (and an old closed one), a bank removed
 * from the directory (ParticipantStatus PSDL, DateOut), a Treasury participant without a correspondent
 * account, and a name with an escaped quote.
 */
export const ed807Xml = (extra = '') => `<?xml version="1.0" encoding="WINDOWS-1251"?>
<ED807 xmlns="urn:cbr-ru:ed:v2.0" EDNo="112000001" EDDate="2026-11-27" EDAuthor="4583001999" CreationReason="FCBD" CreationDateTime="2026-11-27T03:10:12Z" InfoTypeCode="FIRR" BusinessDay="2026-11-27" DirectoryVersion="1">
  <!-- полный справочник БИК на 27.11.2026 -->
  <BICDirectoryEntry BIC="044525225">
    <ParticipantInfo NameP="ПАО Сбербанк" EnglName="Sberbank" RegN="1481" CntrCd="RU" Rgn="45" Ind="117312" Tnp="г" Nnp="Москва" Adr="ул. Вавилова, 19" DateIn="1991-06-20" PtType="20" Srvcs="5" XchType="1" UID="4525225000" ParticipantStatus="PSAC">
      <RstrList Rstr="URRS" RstrDate="2022-02-28"/>
    </ParticipantInfo>
    <Accounts Account="30101810100000000111" RegulationAccountType="CRSA" CK="12" AccountCBRBIC="044525000" DateIn="1991-06-20" DateOut="2001-01-01" AccountStatus="ACDL"/>
    <Accounts Account="30101810400000000225" RegulationAccountType="CRSA" CK="25" AccountCBRBIC="044525000" DateIn="2001-01-01" AccountStatus="ACAC"/>
  </BICDirectoryEntry>
  <BICDirectoryEntry BIC="044525974">
    <ParticipantInfo NameP="АО &quot;ТБанк&quot;" RegN="2673" CntrCd="RU" Rgn="45" Ind="127287" Tnp="г" Nnp="Москва" Adr="ул. 2-я Хуторская, д. 38А, стр. 26" DateIn="2006-03-28" PtType="20" Srvcs="5" XchType="1" UID="4525974000" ParticipantStatus="PSAC"/>
    <Accounts Account="30101810145250000974" RegulationAccountType="CRSA" CK="45" AccountCBRBIC="044525000" DateIn="2006-03-28" AccountStatus="ACAC"/>
  </BICDirectoryEntry>
  <BICDirectoryEntry BIC="044583999">
    <ParticipantInfo NameP="КБ Закрытый (ООО)" RegN="9999" CntrCd="RU" Rgn="45" Ind="101000" Tnp="г" Nnp="Москва" Adr="Мясницкая, 1" DateIn="1994-01-10" DateOut="2025-08-15" PtType="20" Srvcs="5" XchType="1" UID="4583999000" ParticipantStatus="PSDL"/>
    <Accounts Account="30101810600000000999" RegulationAccountType="CRSA" CK="99" AccountCBRBIC="044525000" DateIn="1994-01-10" DateOut="2025-08-15" AccountStatus="ACDL"/>
  </BICDirectoryEntry>
  <BICDirectoryEntry BIC="024501901">
    <ParticipantInfo NameP="ОПЕРАЦИОННЫЙ ДЕПАРТАМЕНТ БАНКА РОССИИ//МЕЖРЕГИОНАЛЬНОЕ ОПЕРАЦИОННОЕ УФК г. Москва" CntrCd="RU" Rgn="45" Ind="101000" Tnp="г" Nnp="Москва" Adr="ул. Неглинная, 12" DateIn="2021-01-01" PtType="52" Srvcs="3" XchType="0" UID="2450190100" ParticipantStatus="PSAC"/>
    <Accounts Account="40102810045370000002" RegulationAccountType="UTRA" CK="02" AccountCBRBIC="024501901" DateIn="2021-01-01" AccountStatus="ACAC"/>
  </BICDirectoryEntry>${extra}
</ED807>
`;

export const ed807Bytes = (extra = '') => toCp1251(ed807Xml(extra));
