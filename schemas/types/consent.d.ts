declare namespace kintone.types {
  interface Consent {
    insuredNo: kintone.fieldTypes.SingleLineText;
    consentDate: kintone.fieldTypes.Date;
    consenter: kintone.fieldTypes.RadioButton;
    proxyName: kintone.fieldTypes.SingleLineText;
    proxyRelation: kintone.fieldTypes.SingleLineText;
    submittingOfficeNo: kintone.fieldTypes.SingleLineText;
    receivedDate: kintone.fieldTypes.Date;
    receptionDesk: kintone.fieldTypes.SingleLineText;
    consentWithdrawalDate: kintone.fieldTypes.Date;
  }
  interface SavedConsent extends Consent {
    $id: kintone.fieldTypes.Id;
    $revision: kintone.fieldTypes.Revision;
    creator: kintone.fieldTypes.Creator;
    modifier: kintone.fieldTypes.Modifier;
    recordNumber: kintone.fieldTypes.RecordNumber;
    createdAt: kintone.fieldTypes.CreatedTime;
    updatedAt: kintone.fieldTypes.UpdatedTime;
  }
}
