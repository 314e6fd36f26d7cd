//! Column headers of list exports (XLSX and CSV), Russian first.

use crate::web::i18n::{Locale, Tr};

/// A column of the ticket export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportColumn {
    Number,
    Created,
    Status,
    Category,
    Channel,
    Address,
    Apartment,
    District,
    Organization,
    Due,
    Overdue,
    Closed,
    Resolution,
    ResolutionText,
    Description,
    ResidentName,
    Phone,
}

impl Tr {
    pub fn export_column(&self, column: ExportColumn) -> &'static str {
        let (ru, en) = match column {
            ExportColumn::Number => ("Номер", "Number"),
            ExportColumn::Created => ("Зарегистрировано", "Registered"),
            ExportColumn::Status => ("Статус", "Status"),
            ExportColumn::Category => ("Категория", "Category"),
            ExportColumn::Channel => ("Канал", "Channel"),
            ExportColumn::Address => ("Адрес", "Address"),
            ExportColumn::Apartment => ("Квартира", "Apartment"),
            ExportColumn::District => ("Район", "District"),
            ExportColumn::Organization => ("Организация", "Organization"),
            ExportColumn::Due => ("Срок", "Due"),
            ExportColumn::Overdue => ("Просрочено", "Overdue"),
            ExportColumn::Closed => ("Закрыто", "Closed"),
            ExportColumn::Resolution => ("Результат", "Resolution"),
            ExportColumn::ResolutionText => ("Ответ", "Answer"),
            ExportColumn::Description => ("Описание", "Description"),
            ExportColumn::ResidentName => ("Заявитель", "Resident"),
            ExportColumn::Phone => ("Телефон", "Phone"),
        };
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }

    /// A yes/no cell of an export.
    pub fn yes_no(&self, yes: bool) -> &'static str {
        match (self.locale, yes) {
            (Locale::Ru, true) => "да",
            (Locale::Ru, false) => "нет",
            (Locale::En, true) => "yes",
            (Locale::En, false) => "no",
        }
    }

    /// The sheet name of the ticket export.
    pub fn export_sheet(&self) -> &'static str {
        match self.locale {
            Locale::Ru => "Обращения",
            Locale::En => "Tickets",
        }
    }
}
