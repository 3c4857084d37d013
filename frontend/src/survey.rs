//! The customer's satisfaction survey (`/survey/{token}`, SPEC section 6):
//! opened from the one-time link the service desk sends, no login. The
//! three questions are the handbook's (seed 002): 问题解决效果, 响应速度,
//! 服务态度, each 1 (worst) to 5 (best), and a comment.

use rapport_domain::visits::Satisfaction;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::frame::Frame;
use crate::services::Failure;
use crate::services::surveys::{self, SurveyAnswer, SurveyForm};

/// Where the page stands.
#[derive(Clone, PartialEq)]
enum Stage {
    Loading,
    Open(SurveyForm),
    Thanked,
    /// The link cannot be answered (unknown, used, expired) or the server is away.
    Closed(String),
}

/// The three questions: what is sent, and what the customer reads.
const QUESTIONS: [(&str, &str); 3] = [
    ("resolution", "问题解决效果 / Was the problem solved?"),
    ("speed", "响应速度 / How fast did we respond?"),
    ("attitude", "服务态度 / How was our attitude?"),
];

/// The page's one property: the token from the link.
#[derive(Properties, PartialEq)]
pub struct SurveyProps {
    pub token: AttrValue,
}

/// What a refusal means to the customer.
fn explain(failure: &Failure) -> String {
    match failure {
        Failure::Refused { status: 404, .. } => {
            "此链接无效，请核对链接地址。 This link is not valid.".to_owned()
        }
        Failure::Refused {
            status: 410,
            detail,
            ..
        } => {
            format!("此问卷已提交或链接已过期。 {detail}.")
        }
        Failure::Refused { detail, .. } => format!("提交失败。 {detail}"),
        Failure::Network(error) => format!("无法连接服务器。 Cannot reach the server: {error}"),
    }
}

#[component]
pub fn SurveyPage(props: &SurveyProps) -> Html {
    let stage = use_state(|| Stage::Loading);
    let scores = use_state(|| [None::<u8>; 3]);
    let comment = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let sending = use_state(|| false);

    {
        let stage = stage.clone();
        let token = props.token.clone();
        use_effect_with(token, move |token| {
            let token = token.clone();
            spawn_local(async move {
                stage.set(match surveys::open(&token).await {
                    Ok(form) => Stage::Open(form),
                    Err(failure) => Stage::Closed(explain(&failure)),
                });
            });
        });
    }

    let onsubmit = {
        let (stage, scores, comment) = (stage.clone(), scores.clone(), comment.clone());
        let (problem, sending, token) = (problem.clone(), sending.clone(), props.token.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let [Some(resolution), Some(speed), Some(attitude)] =
                scores.map(|score| score.and_then(|value| Satisfaction::new(value).ok()))
            else {
                problem.set(Some("请为三项都打分。 Please rate all three.".to_owned()));
                return;
            };
            let answer = SurveyAnswer {
                resolution,
                speed,
                attitude,
                comment: (*comment).clone(),
            };
            let (stage, problem, sending, token) = (
                stage.clone(),
                problem.clone(),
                sending.clone(),
                token.clone(),
            );
            sending.set(true);
            problem.set(None);
            spawn_local(async move {
                match surveys::answer(&token, &answer).await {
                    Ok(()) => stage.set(Stage::Thanked),
                    // Used or expired meanwhile: nothing more to answer here.
                    Err(
                        failure @ Failure::Refused {
                            status: 404 | 410, ..
                        },
                    ) => {
                        stage.set(Stage::Closed(explain(&failure)));
                    }
                    Err(failure) => problem.set(Some(explain(&failure))),
                }
                sending.set(false);
            });
        })
    };

    let body = match &*stage {
        Stage::Loading => html! { <p>{ "加载中… / Loading…" }</p> },
        Stage::Thanked => html! {
            <p id="survey-thanks">{ "感谢您的评价！ Thank you for your feedback." }</p>
        },
        Stage::Closed(why) => html! { <p id="survey-closed" class="error">{ why.clone() }</p> },
        Stage::Open(form) => {
            let questions = QUESTIONS.iter().enumerate().map(|(index, (name, label))| {
                let choices = (1..=5u8).map(|score| {
                    let checked = scores[index] == Some(score);
                    let scores = scores.clone();
                    let onchange = Callback::from(move |_: Event| {
                        let mut chosen = *scores;
                        chosen[index] = Some(score);
                        scores.set(chosen);
                    });
                    html! {
                        <label class="score">
                            <input type="radio" name={*name} value={score.to_string()}
                                {checked} {onchange} />
                            { score.to_string() }
                        </label>
                    }
                });
                html! {
                    <fieldset>
                        <legend>{ *label }</legend>
                        { for choices }
                    </fieldset>
                }
            });
            let oninput = {
                let comment = comment.clone();
                Callback::from(move |event: InputEvent| {
                    comment.set(event.target_unchecked_into::<HtmlTextAreaElement>().value());
                })
            };
            html! {
                <form id="survey" {onsubmit}>
                    <p>
                        { "服务单 / Request " }<strong id="survey-number">{ form.number.clone() }</strong>
                        { "：" }{ form.title.clone() }
                    </p>
                    <p class="hint">{ "1 分最差，5 分最好。 1 is worst, 5 is best." }</p>
                    { for questions }
                    <label for="survey-comment">{ "意见与建议 / Comments" }</label>
                    <textarea id="survey-comment" name="comment" maxlength="2000"
                        value={(*comment).clone()} {oninput} />
                    if let Some(problem) = &*problem {
                        <p class="error">{ problem.clone() }</p>
                    }
                    <button type="submit" disabled={*sending}>{ "提交 / Submit" }</button>
                </form>
            }
        }
    };

    html! {
        <Frame title="满意度调查 / Satisfaction survey" subtitle="Rapport 客户服务" class="survey">
            { body }
        </Frame>
    }
}
