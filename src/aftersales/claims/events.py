"""Claim events besides the transitions (the machines in workflow.py declare those)."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

A = Audience
declare_event("claim.created", _("Claim drafted (索赔单起草)"), A.STATION)
declare_event("claim.changed", _("Claim details corrected (索赔信息更正)"), A.STATION)
declare_event("claim.line_added", _("Claim line added (添加索赔明细)"), A.STATION)
declare_event("claim.line_changed", _("Claim line corrected (更正索赔明细)"), A.STATION)
declare_event("claim.line_removed", _("Claim line removed (删除索赔明细)"), A.STATION)
declare_event("claim.photo_added", _("Photo or document attached (上传照片单据)"), A.STATION)
declare_event("claim.photo_removed", _("Photo or document removed (删除照片单据)"), A.STATION)
declare_event(
    "pre_authorisation.requested", _("Pre-authorisation requested (申请预授权)"), A.STATION
)
declare_event("claim_terms.set", _("Claim terms set (索赔协议)"), A.INTERNAL)
declare_event("check_setting.set", _("Claim check set (索赔检查设置)"), A.INTERNAL)
