"""The profile's pydantic models, as `profile.md` describes them, and its JSON Schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from autofill.messages import hint, t
from autofill.profile.choices import (
    CategoryValue,
    HukouValue,
    KindValue,
    LevelValue,
    PolicyValue,
    RouteValue,
    SchemeValue,
)
from autofill.profile.fields import PastDate, PlainText
from autofill.profile.names import DOCUMENT_ITEMS, PolicyName, Route
from autofill.profile.numbers import (
    BankCardNumber,
    CertificateNumber,
    CreditCode,
    Phone,
    ResidentId,
)
from autofill.profile.rules import certificate_number_error, employer_error


def _f(path: str, title: str, **kwargs: Any) -> Any:
    return Field(title=title, description=hint(path), **kwargs)


#: a profile is validated as one `Profile` (built below); its sections build a validator of
#: their own only when one is used alone (`defer_build`)
_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Employer(BaseModel):
    model_config = ConfigDict(**_STRICT, title="工作单位")
    name: PlainText = _f("applicant.employer.name", "单位名称", min_length=2, max_length=100)
    credit_code: CreditCode | None = _f(
        "applicant.employer.credit_code", "统一社会信用代码", default=None
    )


class Applicant(BaseModel):
    model_config = ConfigDict(**_STRICT, title="申请人")
    name: PlainText = _f("applicant.name", "姓名", min_length=2, max_length=20)
    id_number: ResidentId = _f("applicant.id_number", "身份证号码")
    phone: Phone = _f("applicant.phone", "手机号码")
    hukou: HukouValue = _f("applicant.hukou", "户籍")
    category: CategoryValue = _f("applicant.category", "就业状态")
    employer: Employer | None = _f("applicant.employer", "工作单位", default=None)
    establishment_staff: bool = _f(
        "applicant.establishment_staff", "机关事业单位在编人员", default=False
    )

    @model_validator(mode="after")
    def _employer_when_employed(self) -> Applicant:
        error = employer_error(self.category, self.employer)
        if error is not None:
            raise error
        return self


class SocialInsurance(BaseModel):
    model_config = ConfigDict(**_STRICT, title="社会保险")
    scheme: SchemeValue = _f("social_insurance.scheme", "参保类型")
    paying: bool = _f("social_insurance.paying", "正常缴费")
    unemployment_insurance_months: int = _f(
        "social_insurance.unemployment_insurance_months", "失业保险缴费月数", ge=0, le=600
    )


class Certificate(BaseModel):
    model_config = ConfigDict(**_STRICT, title="证书")
    kind: KindValue = _f("certificate.kind", "证书类型")
    number: CertificateNumber = _f("certificate.number", "证书编号")
    occupation: PlainText = _f(
        "certificate.occupation", "职业（工种）", min_length=1, max_length=50
    )
    level: LevelValue = _f("certificate.level", "等级")
    issue_date: PastDate = _f("certificate.issue_date", "发证日期")
    issuer: PlainText = _f("certificate.issuer", "发证机构", min_length=2, max_length=100)
    route: RouteValue = _f("certificate.route", "取得方式", default=Route.ASSESSMENT)

    @model_validator(mode="after")
    def _number_fits_kind_and_level(self) -> Certificate:
        error = certificate_number_error(self.kind, self.number, self.level)
        if error is not None:
            raise error
        return self


class PriorClaim(BaseModel):
    model_config = ConfigDict(**_STRICT, title="已享受的补贴")
    occupation: PlainText = _f("prior_claims[].occupation", "职业（工种）", min_length=1)
    level: LevelValue = _f("prior_claims[].level", "等级")
    granted_on: PastDate = _f("prior_claims[].granted_on", "发放日期")


class Bank(BaseModel):
    model_config = ConfigDict(**_STRICT, title="银行账户")
    bank: PlainText = _f("bank.bank", "开户银行", min_length=2, max_length=50)
    card_number: BankCardNumber = _f("bank.card_number", "银行卡号")


def _doc(item: str) -> Any:
    label = DOCUMENT_ITEMS[item]
    return Field(title=label, description=t("hint.documents.item", label=label))


class Documents(BaseModel):
    model_config = ConfigDict(**_STRICT, title="材料")
    id_front: Path = _doc("id_front")
    id_back: Path = _doc("id_back")
    certificate_cover: Path = _doc("certificate_cover")
    certificate_info: Path = _doc("certificate_info")
    certificate_level: Path = _doc("certificate_level")
    bank_card: Path = _doc("bank_card")


class Profile(BaseModel):
    """One applicant's profile, as `profile.md` describes it."""

    model_config = ConfigDict(
        **_STRICT,
        title=t("title.profile"),
        populate_by_name=True,
        json_schema_extra={"description": "autofill 的申请档案；路径相对于档案所在目录。"},
    )
    schema_: str | None = Field(
        default=None, alias="$schema", title="$schema", description=hint("$schema")
    )
    policy: PolicyValue = _f("policy", "补贴政策", default=PolicyName.SHANGHAI)
    applicant: Applicant = _f("applicant", "申请人")
    social_insurance: SocialInsurance = _f("social_insurance", "社会保险")
    certificate: Certificate = _f("certificate", "证书")
    prior_claims: list[PriorClaim] = _f("prior_claims", "已享受的补贴", default_factory=list)
    bank: Bank = _f("bank", "银行账户")
    documents: Documents = _f("documents", "材料")

    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)

    @property
    def base_dir(self) -> Path:
        """The profile file's folder; document paths are relative to it."""
        return self._base_dir

    @base_dir.setter
    def base_dir(self, value: Path) -> None:
        self._base_dir = Path(value)

    def document_path(self, item: str) -> Path:
        """The document `item` resolved against the profile's folder."""
        path = Path(getattr(self.documents, item))
        return path if path.is_absolute() else self.base_dir / path


@contextmanager
def without_pydantic_plugins() -> Iterator[None]:
    """Builds pydantic validators without looking for pydantic plugins.

    pydantic looks for plugins when it builds its first validator: it imports
    `importlib.metadata` and reads the entry points of every installed package, which cost
    more than building the profile's models (a tenth of `autofill validate`). A plugin would
    also see every profile validated, personal numbers included: the tool uses none.
    """
    before = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = before


# built once, as the module is imported (one import at a time: no other thread sees the switch)
with without_pydantic_plugins():
    Profile.model_rebuild(force=True)


#: each section's dotted path (lists as `[]`) -> its model, to name a section's keys
SECTIONS: dict[str, type[BaseModel]] = {
    "": Profile,
    "applicant": Applicant,
    "applicant.employer": Employer,
    "social_insurance": SocialInsurance,
    "certificate": Certificate,
    "prior_claims[]": PriorClaim,
    "bank": Bank,
    "documents": Documents,
}


def profile_schema() -> dict[str, Any]:
    """The profile's JSON Schema, with Chinese titles and descriptions for editors."""
    schema = Profile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
