//! Texts of the forecast page, Russian first.

use crate::web::i18n::{Locale, Tr};

/// Fixed texts of the forecast page and its charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForecastMsg {
    Title,
    ChartDaily,
    ChartStaffing,
    Actual,
    Backtest,
    Ahead,
    Interval,
    BillingRun,
    BacktestError,
    BacktestExplained,
    Coverage,
    TotalError,
    Model,
    WeeklyFactor,
    BillingUplift,
    Estimated,
    Assumed,
    TemperatureFitted,
    TemperatureNone,
    TemperatureUnused,
    IntervalCalibrated,
    IntervalParametric,
    NoForecast,
    Staffing,
    StaffingExplained,
    Date,
    Aht,
    Show,
    Hour,
    Calls,
    Agents,
    ServiceLevel,
    AnswerSpeed,
    Occupancy,
    Total,
    Expected,
    Lower,
    Upper,
    Days,
    BillingCalls,
}

impl ForecastMsg {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            ForecastMsg::Title => (
                "Прогноз обращений и операторы",
                "Call forecast and staffing",
            ),
            ForecastMsg::ChartDaily => (
                "Обращения по дням: факт и прогноз",
                "Calls per day: actual and forecast",
            ),
            ForecastMsg::ChartStaffing => ("Операторы по часам", "Operators per hour"),
            ForecastMsg::Actual => ("факт", "actual"),
            ForecastMsg::Backtest => ("проверка на прошлых неделях", "back-test"),
            ForecastMsg::Ahead => ("прогноз", "forecast"),
            ForecastMsg::Interval => ("интервал 80 %", "80 % interval"),
            ForecastMsg::BillingRun => ("квитанции", "bills"),
            ForecastMsg::BacktestError => ("Ошибка прогноза (MAPE)", "Forecast error (MAPE)"),
            ForecastMsg::BacktestExplained => (
                "модель обучена без последних дней и сравнена с тем, что пришло на самом деле",
                "the model fitted without the last days, compared with what actually came",
            ),
            ForecastMsg::Coverage => ("дней внутри интервала", "days inside the interval"),
            ForecastMsg::TotalError => ("ошибка суммы за период", "error of the period's total"),
            ForecastMsg::Model => ("Модель", "Model"),
            ForecastMsg::WeeklyFactor => ("изменение за неделю", "change per week"),
            ForecastMsg::BillingUplift => {
                ("рост после рассылки квитанций", "rise after bills go out")
            }
            ForecastMsg::Estimated => ("оценён по истории", "estimated from history"),
            ForecastMsg::Assumed => ("принят по умолчанию", "default assumption"),
            ForecastMsg::TemperatureFitted => ("на 1 °C теплее", "per 1 °C warmer"),
            ForecastMsg::TemperatureNone => (
                "температура наружного воздуха не записана — не учитывается",
                "no outdoor temperature recorded — not used",
            ),
            ForecastMsg::TemperatureUnused => (
                "дней с температурой (из актов) мало или влияние незначимо — не учитывается",
                "days with a temperature (from reports) too few or no clear effect — not used",
            ),
            ForecastMsg::IntervalCalibrated => (
                "прошлых прогнозов, по ошибкам которых построен интервал 80 %",
                "past forecasts whose errors set the 80 % interval",
            ),
            ForecastMsg::IntervalParametric => (
                "интервал 80 % — по разбросу остатков модели: прошлых прогнозов для проверки пока мало",
                "80 % interval from the model's residual spread: too few past forecasts to check yet",
            ),
            ForecastMsg::NoForecast => (
                "Прогноз невозможен: слишком мало дней с обращениями",
                "No forecast: too few days of calls",
            ),
            ForecastMsg::Staffing => ("Операторы на день", "Operators for a day"),
            ForecastMsg::StaffingExplained => (
                "сколько операторов нужно, чтобы 80 % звонков принимались за 20 секунд (Erlang C, загрузка не выше 85 %)",
                "operators needed to answer 80 % of calls within 20 seconds (Erlang C, occupancy at most 85 %)",
            ),
            ForecastMsg::Date => ("Дата", "Date"),
            ForecastMsg::Aht => ("Среднее время обработки, с", "Average handling time, s"),
            ForecastMsg::Show => ("Показать", "Show"),
            ForecastMsg::Hour => ("Час", "Hour"),
            ForecastMsg::Calls => ("Звонков", "Calls"),
            ForecastMsg::Agents => ("Операторов", "Operators"),
            ForecastMsg::ServiceLevel => ("За 20 с", "Within 20 s"),
            ForecastMsg::AnswerSpeed => ("Ожидание, с", "Wait, s"),
            ForecastMsg::Occupancy => ("Загрузка", "Occupancy"),
            ForecastMsg::Total => ("Итого", "Total"),
            ForecastMsg::Expected => ("Ожидается", "Expected"),
            ForecastMsg::Lower => ("от", "from"),
            ForecastMsg::Upper => ("до", "to"),
            ForecastMsg::Days => ("Прогноз по дням", "Forecast per day"),
            ForecastMsg::BillingCalls => ("из них по начислениям", "of them billing"),
        }
    }
}

impl Tr {
    pub fn forecast(&self, msg: ForecastMsg) -> &'static str {
        let (ru, en) = msg.texts();
        match self.locale {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }
}
