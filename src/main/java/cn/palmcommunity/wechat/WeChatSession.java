package cn.palmcommunity.wechat;

/** What jscode2session says about the user. The session key never leaves the server. */
public record WeChatSession(String openid, String unionid) {
}
