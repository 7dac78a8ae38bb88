declare namespace kintone.types {
  interface Progress {
    applicationNo: kintone.fieldTypes.SingleLineText;
    insuredNo: kintone.fieldTypes.SingleLineText;
    birthDate: kintone.fieldTypes.Date;
    applicationDate: kintone.fieldTypes.Date;
    applicationType: kintone.fieldTypes.DropDown;
    surveyScheduledDate: kintone.fieldTypes.Date;
    surveyDate: kintone.fieldTypes.Date;
    surveyReceivedDate: kintone.fieldTypes.Date;
    doctorOpinionRequestDate: kintone.fieldTypes.Date;
    doctorOpinionReceivedDate: kintone.fieldTypes.Date;
    committeeScheduledDate: kintone.fieldTypes.Date;
    committeeDate: kintone.fieldTypes.Date;
    certificationDate: kintone.fieldTypes.Date;
    careLevel: kintone.fieldTypes.DropDown;
    validFrom: kintone.fieldTypes.Date;
    validTo: kintone.fieldTypes.Date;
    withdrawalDate: kintone.fieldTypes.Date;
    stage: kintone.fieldTypes.DropDown;
    assignedOfficeNo: kintone.fieldTypes.SingleLineText;
    insuredNoLast6: kintone.fieldTypes.SingleLineText;
    applicationDateMMDD: kintone.fieldTypes.SingleLineText;
    birthDateYMD: kintone.fieldTypes.SingleLineText;
  }
  interface SavedProgress extends Progress {
    $id: kintone.fieldTypes.Id;
    $revision: kintone.fieldTypes.Revision;
    creator: kintone.fieldTypes.Creator;
    modifier: kintone.fieldTypes.Modifier;
    recordNumber: kintone.fieldTypes.RecordNumber;
    createdAt: kintone.fieldTypes.CreatedTime;
    updatedAt: kintone.fieldTypes.UpdatedTime;
  }
}
