//! The attributes a service asks for beside the description (apartment,
//! entrance, indoor temperature, lists of answers) and the checking of posted
//! values against them.

use crate::category::Category;

/// GeoReport v2 attribute datatypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datatype {
    String,
    Number,
    SingleValueList,
    MultiValueList,
}

impl Datatype {
    pub fn as_code(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Number => "number",
            Datatype::SingleValueList => "singlevaluelist",
            Datatype::MultiValueList => "multivaluelist",
        }
    }
}

/// The questions a service asks beside the description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeCode {
    Apartment,
    Entrance,
    IndoorTemperature,
    Radiators,
    ColdRooms,
    LeakPlace,
}

impl AttributeCode {
    pub const ALL: [AttributeCode; 6] = [
        AttributeCode::Apartment,
        AttributeCode::Entrance,
        AttributeCode::IndoorTemperature,
        AttributeCode::Radiators,
        AttributeCode::ColdRooms,
        AttributeCode::LeakPlace,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            AttributeCode::Apartment => "apartment",
            AttributeCode::Entrance => "entrance",
            AttributeCode::IndoorTemperature => "indoor_temperature",
            AttributeCode::Radiators => "radiators",
            AttributeCode::ColdRooms => "cold_rooms",
            AttributeCode::LeakPlace => "leak_place",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "apartment" => AttributeCode::Apartment,
            "entrance" => AttributeCode::Entrance,
            "indoor_temperature" => AttributeCode::IndoorTemperature,
            "radiators" => AttributeCode::Radiators,
            "cold_rooms" => AttributeCode::ColdRooms,
            "leak_place" => AttributeCode::LeakPlace,
            _ => return None,
        })
    }

    pub fn datatype(self) -> Datatype {
        match self {
            AttributeCode::Apartment => Datatype::String,
            AttributeCode::Entrance | AttributeCode::IndoorTemperature => Datatype::Number,
            AttributeCode::Radiators | AttributeCode::LeakPlace => Datatype::SingleValueList,
            AttributeCode::ColdRooms => Datatype::MultiValueList,
        }
    }

    /// The keys a list attribute accepts, in display order; empty for the others.
    pub fn choices(self) -> &'static [Choice] {
        match self {
            AttributeCode::Apartment
            | AttributeCode::Entrance
            | AttributeCode::IndoorTemperature => &[],
            AttributeCode::Radiators => &[
                Choice::RadiatorsCold,
                Choice::RadiatorsLukewarm,
                Choice::RadiatorsPartlyCold,
                Choice::RadiatorsHot,
            ],
            AttributeCode::ColdRooms => &[
                Choice::RoomLiving,
                Choice::RoomBedroom,
                Choice::RoomKitchen,
                Choice::RoomCorner,
                Choice::RoomBathroom,
            ],
            AttributeCode::LeakPlace => &[
                Choice::LeakApartment,
                Choice::LeakStairwell,
                Choice::LeakBasement,
                Choice::LeakAttic,
                Choice::LeakOutside,
            ],
        }
    }
}

/// A value of a list attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    RadiatorsCold,
    RadiatorsLukewarm,
    RadiatorsPartlyCold,
    RadiatorsHot,
    RoomLiving,
    RoomBedroom,
    RoomKitchen,
    RoomCorner,
    RoomBathroom,
    LeakApartment,
    LeakStairwell,
    LeakBasement,
    LeakAttic,
    LeakOutside,
}

impl Choice {
    /// The value's `key`, unique within its attribute.
    pub fn as_code(self) -> &'static str {
        match self {
            Choice::RadiatorsCold => "cold",
            Choice::RadiatorsLukewarm => "lukewarm",
            Choice::RadiatorsPartlyCold => "partly_cold",
            Choice::RadiatorsHot => "hot",
            Choice::RoomLiving => "living_room",
            Choice::RoomBedroom => "bedroom",
            Choice::RoomKitchen => "kitchen",
            Choice::RoomCorner => "corner_room",
            Choice::RoomBathroom => "bathroom",
            Choice::LeakApartment => "apartment",
            Choice::LeakStairwell => "stairwell",
            Choice::LeakBasement => "basement",
            Choice::LeakAttic => "attic",
            Choice::LeakOutside => "outside",
        }
    }
}

/// One attribute of a service definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeSpec {
    pub code: AttributeCode,
    pub required: bool,
    /// 1-based position in the form.
    pub order: u32,
}

/// The attributes a category's service asks for, in order.
pub fn attributes(category: Category) -> Vec<AttributeSpec> {
    let mut codes = vec![AttributeCode::Apartment, AttributeCode::Entrance];
    match category {
        Category::NoHeat | Category::AirLock => codes.extend([
            AttributeCode::IndoorTemperature,
            AttributeCode::Radiators,
            AttributeCode::ColdRooms,
        ]),
        Category::Overheating => {
            codes.extend([AttributeCode::IndoorTemperature, AttributeCode::Radiators])
        }
        Category::Leak => codes.push(AttributeCode::LeakPlace),
        Category::Billing | Category::HotWater | Category::Other => {}
    }
    codes
        .into_iter()
        .zip(1..)
        .map(|(code, order)| AttributeSpec {
            code,
            // Where the water runs decides who is sent, so a leak must say it.
            required: code == AttributeCode::LeakPlace,
            order,
        })
        .collect()
}

/// Indoor temperatures a resident can plausibly report, °C.
pub const INDOOR_TEMPERATURE_RANGE: (f64, f64) = (-30.0, 45.0);
/// Entrances are numbered from 1; no Ufa building has this many.
pub const MAX_ENTRANCE: i64 = 40;

/// Attribute values after checking them against a service definition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes {
    pub apartment: Option<String>,
    pub entrance: Option<String>,
    pub indoor_temperature: Option<f64>,
    /// List answers, in the definition's order.
    pub choices: Vec<(AttributeCode, Vec<Choice>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeError {
    /// The code is not an attribute of this service.
    Unknown(String),
    Required(AttributeCode),
    /// A single-value attribute was given several values.
    Repeated(AttributeCode),
    NotANumber(AttributeCode),
    OutOfRange(AttributeCode),
    NotInList {
        code: AttributeCode,
        value: String,
    },
}

/// Checks posted `attribute[code]` values against the category's definition.
/// `given` holds each code with its values (several for a multi-value list).
pub fn parse_attributes(
    category: Category,
    given: &[(String, Vec<String>)],
) -> Result<Attributes, Vec<AttributeError>> {
    let specs = attributes(category);
    let mut errors = Vec::new();
    let mut out = Attributes::default();
    for (code, _) in given {
        let known = AttributeCode::from_code(code).filter(|c| specs.iter().any(|s| s.code == *c));
        if known.is_none() {
            errors.push(AttributeError::Unknown(code.clone()));
        }
    }
    for spec in &specs {
        let values: Vec<&str> = given
            .iter()
            .filter(|(code, _)| code == spec.code.as_code())
            .flat_map(|(_, values)| values.iter().map(|v| v.trim()))
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            if spec.required {
                errors.push(AttributeError::Required(spec.code));
            }
            continue;
        }
        if let Err(e) = take(&mut out, spec.code, &values) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn take(out: &mut Attributes, code: AttributeCode, values: &[&str]) -> Result<(), AttributeError> {
    let datatype = code.datatype();
    if datatype != Datatype::MultiValueList && values.len() > 1 {
        return Err(AttributeError::Repeated(code));
    }
    let first = values[0];
    match code {
        AttributeCode::Apartment => out.apartment = Some(first.to_string()),
        AttributeCode::Entrance => {
            let n: i64 = first
                .parse()
                .map_err(|_| AttributeError::NotANumber(code))?;
            if !(1..=MAX_ENTRANCE).contains(&n) {
                return Err(AttributeError::OutOfRange(code));
            }
            out.entrance = Some(n.to_string());
        }
        AttributeCode::IndoorTemperature => {
            let t: f64 = first
                .replace(',', ".")
                .parse()
                .map_err(|_| AttributeError::NotANumber(code))?;
            let (low, high) = INDOOR_TEMPERATURE_RANGE;
            if !(low..=high).contains(&t) {
                return Err(AttributeError::OutOfRange(code));
            }
            out.indoor_temperature = Some(t);
        }
        AttributeCode::Radiators | AttributeCode::ColdRooms | AttributeCode::LeakPlace => {
            let mut picked = Vec::new();
            for value in values {
                let choice = code
                    .choices()
                    .iter()
                    .find(|c| c.as_code() == *value)
                    .ok_or_else(|| AttributeError::NotInList {
                        code,
                        value: value.to_string(),
                    })?;
                if !picked.contains(choice) {
                    picked.push(*choice);
                }
            }
            out.choices.push((code, picked));
        }
    }
    Ok(())
}
