declare namespace kintone.types {
  interface Offices {
    officeNo: kintone.fieldTypes.SingleLineText;
    officeName: kintone.fieldTypes.SingleLineText;
    corporationName: kintone.fieldTypes.SingleLineText;
    serviceType: kintone.fieldTypes.DropDown;
    address: kintone.fieldTypes.SingleLineText;
    phone: kintone.fieldTypes.SingleLineText;
    registrable: kintone.fieldTypes.RadioButton;
  }
  interface SavedOffices extends Offices {
    $id: kintone.fieldTypes.Id;
    $revision: kintone.fieldTypes.Revision;
    creator: kintone.fieldTypes.Creator;
    modifier: kintone.fieldTypes.Modifier;
    recordNumber: kintone.fieldTypes.RecordNumber;
    createdAt: kintone.fieldTypes.CreatedTime;
    updatedAt: kintone.fieldTypes.UpdatedTime;
  }
}
