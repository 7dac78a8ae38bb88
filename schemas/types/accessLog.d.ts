declare namespace kintone.types {
  interface AccessLog {
    eventId: kintone.fieldTypes.SingleLineText;
    occurredAt: kintone.fieldTypes.DateTime;
    eventType: kintone.fieldTypes.DropDown;
    email: kintone.fieldTypes.SingleLineText;
    officeNo: kintone.fieldTypes.SingleLineText;
    searchMethod: kintone.fieldTypes.DropDown;
    searchValues: kintone.fieldTypes.SingleLineText;
    hitCount: kintone.fieldTypes.Number;
    shownRecords: kintone.fieldTypes.MultiLineText;
    ip: kintone.fieldTypes.SingleLineText;
    userAgent: kintone.fieldTypes.SingleLineText;
  }
  interface SavedAccessLog extends AccessLog {
    $id: kintone.fieldTypes.Id;
    $revision: kintone.fieldTypes.Revision;
    creator: kintone.fieldTypes.Creator;
    modifier: kintone.fieldTypes.Modifier;
    recordNumber: kintone.fieldTypes.RecordNumber;
    createdAt: kintone.fieldTypes.CreatedTime;
    updatedAt: kintone.fieldTypes.UpdatedTime;
  }
}
