declare namespace kintone.types {
  interface Registration {
    applicationDate: kintone.fieldTypes.Date;
    registrationRequestType: kintone.fieldTypes.RadioButton;
    officeNo: kintone.fieldTypes.SingleLineText;
    officeName: kintone.fieldTypes.SingleLineText;
    officePhone: kintone.fieldTypes.SingleLineText;
    email: kintone.fieldTypes.SingleLineText;
    staffNameKana: kintone.fieldTypes.SingleLineText;
    reviewer: kintone.fieldTypes.SingleLineText;
    reviewedAt: kintone.fieldTypes.DateTime;
    returnReason: kintone.fieldTypes.MultiLineText;
    approvalNotifiedAt: kintone.fieldTypes.DateTime;
    lastLoginAt: kintone.fieldTypes.DateTime;
    suspendedAt: kintone.fieldTypes.DateTime;
    suspensionReason: kintone.fieldTypes.MultiLineText;

    pledge: kintone.fieldTypes.CheckBox;
  }
  interface SavedRegistration extends Registration {
    $id: kintone.fieldTypes.Id;
    $revision: kintone.fieldTypes.Revision;
    creator: kintone.fieldTypes.Creator;
    modifier: kintone.fieldTypes.Modifier;
    recordNumber: kintone.fieldTypes.RecordNumber;
    createdAt: kintone.fieldTypes.CreatedTime;
    updatedAt: kintone.fieldTypes.UpdatedTime;
  }
}
