var he,w,Ye,M,je,Qe,Ze,be,te,K,Xe,De,Ie,$e,ce={},ue=[],pn=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,ge=Array.isArray;function j(e,n){for(var r in n)e[r]=n[r];return e}function Se(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function fn(e,n,r){var o,a,i,u={};for(i in n)i=="key"?o=n[i]:i=="ref"?a=n[i]:u[i]=n[i];if(arguments.length>2&&(u.children=arguments.length>3?he.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(i in e.defaultProps)u[i]===void 0&&(u[i]=e.defaultProps[i]);return re(e,u,o,a,null)}function re(e,n,r,o,a){var i={type:e,props:n,key:r,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:a??++Ye,__i:-1,__u:0};return a==null&&w.vnode!=null&&w.vnode(i),i}function L(e){return e.children}function ie(e,n){this.props=e,this.context=n}function H(e,n){if(n==null)return e.__?H(e.__,e.__i+1):null;for(var r;n<e.__k.length;n++)if((r=e.__k[n])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?H(e):null}function vn(e){if(e.__P&&e.__d){var n=e.__v,r=n.__e,o=[],a=[],i=j({},n);i.__v=n.__v+1,w.vnode&&w.vnode(i),ze(e.__P,i,n,e.__n,e.__P.namespaceURI,32&n.__u?[r]:null,o,r??H(n),!!(32&n.__u),a),i.__v=n.__v,i.__.__k[i.__i]=i,on(o,i,a),n.__e=n.__=null,i.__e!=r&&en(i)}}function en(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(n){if(n!=null&&n.__e!=null)return e.__e=e.__c.base=n.__e}),en(e)}function Ae(e){(!e.__d&&(e.__d=!0)&&M.push(e)&&!de.__r++||je!=w.debounceRendering)&&((je=w.debounceRendering)||Qe)(de)}function de(){try{for(var e,n=1;M.length;)M.length>n&&M.sort(Ze),e=M.shift(),n=M.length,vn(e)}finally{M.length=de.__r=0}}function nn(e,n,r,o,a,i,u,l,d,c,m){var h,s,_,f,g,b,y=o&&o.__k||ue,v=n.length;for(d=bn(r,n,y,d,v),h=0;h<v;h++)(_=r.__k[h])!=null&&(s=_.__i!=-1&&y[_.__i]||ce,_.__i=h,b=ze(e,_,s,a,i,u,l,d,c,m),f=_.__e,_.ref&&s.ref!=_.ref&&(s.ref&&Oe(s.ref,null,_),m.push(_.ref,_.__c||f,_)),g==null&&f!=null&&(g=f),4&_.__u?(d=tn(_,d,e),s.__e&&(s.__e=null)):typeof _.type=="function"&&b!==void 0?d=b:f&&(d=f.nextSibling),_.__u&=-7);return r.__e=g,d}function bn(e,n,r,o,a){var i,u,l,d,c,m=r.length,h=m,s=0;for(e.__k=new Array(a),i=0;i<a;i++)(u=n[i])!=null&&typeof u!="boolean"&&typeof u!="function"?(typeof u=="string"||typeof u=="number"||typeof u=="bigint"||u.constructor==String?u=e.__k[i]=re(null,u,null,null,null):ge(u)?u=e.__k[i]=re(L,{children:u},null,null,null):u.constructor===void 0&&u.__b>0?u=e.__k[i]=re(u.type,u.props,u.key,u.ref?u.ref:null,u.__v):e.__k[i]=u,d=i+s,u.__=e,u.__b=e.__b+1,l=null,(c=u.__i=yn(u,r,d,h))!=-1&&(h--,(l=r[c])&&(l.__u|=2)),l==null||l.__v==null?(c==-1&&(a>m?s--:a<m&&s++),typeof u.type!="function"&&(u.__u|=4)):c!=d&&(c==d-1?s--:c==d+1?s++:(c>d?s--:s++,u.__u|=4))):e.__k[i]=null;if(h)for(i=0;i<m;i++)(l=r[i])!=null&&(2&l.__u)==0&&(l.__e==o&&(o=H(l)),sn(l,l));return o}function tn(e,n,r){var o,a;if(typeof e.type=="function"){for(o=e.__k,a=0;o&&a<o.length;a++)o[a]&&(o[a].__=e,n=tn(o[a],n,r));return n}e.__e!=n&&(n&&e.type&&!n.parentNode&&(n=H(e)),n=r.insertBefore(e.__e,n||null));do n=n&&n.nextSibling;while(n!=null&&n.nodeType==8);return n}function yn(e,n,r,o){var a,i,u,l=e.key,d=e.type,c=n[r],m=c!=null&&(2&c.__u)==0;if(c===null&&l==null||m&&l==c.key&&d==c.type)return r;if(o>(m?1:0)){for(a=r-1,i=r+1;a>=0||i<n.length;)if((c=n[u=a>=0?a--:i++])!=null&&(2&c.__u)==0&&l==c.key&&d==c.type)return u}return-1}function Ne(e,n,r){n[0]=="-"?e.setProperty(n,r??""):e[n]=r==null?"":typeof r!="number"||pn.test(n)?r:r+"px"}function ee(e,n,r,o,a){var i,u;e:if(n=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof o=="string"&&(e.style.cssText=o=""),o)for(n in o)r&&n in r||Ne(e.style,n,"");if(r)for(n in r)o&&r[n]==o[n]||Ne(e.style,n,r[n])}else if(n[0]=="o"&&n[1]=="n")i=n!=(n=n.replace(Xe,"$1")),u=n.toLowerCase(),n=u in e||n=="onFocusOut"||n=="onFocusIn"?u.slice(2):n.slice(2),e.l||(e.l={}),e.l[n+i]=r,r?o?r[K]=o[K]:(r[K]=De,e.addEventListener(n,i?$e:Ie,i)):e.removeEventListener(n,i?$e:Ie,i);else{if(a=="http://www.w3.org/2000/svg")n=n.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(n!="width"&&n!="height"&&n!="href"&&n!="list"&&n!="form"&&n!="tabIndex"&&n!="download"&&n!="rowSpan"&&n!="colSpan"&&n!="role"&&n!="popover"&&n in e)try{e[n]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&n[4]!="-"?e.removeAttribute(n):e.setAttribute(n,n=="popover"&&r==1?"":r))}}function Ee(e){return function(n){if(this.l){var r=this.l[n.type+e];if(n[te]==null)n[te]=De++;else if(n[te]<r[K])return;return r(w.event?w.event(n):n)}}}function ze(e,n,r,o,a,i,u,l,d,c){var m,h,s,_,f,g,b,y,v,O,J,U,F,Te,X,ve,R=n.type;if(n.constructor!==void 0)return null;128&r.__u&&(d=!!(32&r.__u),i=[l=n.__e=r.__e]),(m=w.__b)&&m(n);e:if(typeof R=="function"){h=u.length;try{if(v=n.props,O=R.prototype&&R.prototype.render,J=(m=R.contextType)&&o[m.__c],U=m?J?J.props.value:m.__:o,r.__c?y=(s=n.__c=r.__c).__=s.__E:(O?n.__c=s=new R(v,U):(n.__c=s=new ie(v,U),s.constructor=R,s.render=In),J&&J.sub(s),s.state||(s.state={}),s.__n=o,_=s.__d=!0,s.__h=[],s._sb=[]),O&&s.__s==null&&(s.__s=s.state),O&&R.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=j({},s.__s)),j(s.__s,R.getDerivedStateFromProps(v,s.__s))),f=s.props,g=s.state,s.__v=n,_)O&&R.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),O&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(O&&R.getDerivedStateFromProps==null&&v!==f&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(v,U),n.__v==r.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(v,s.__s,U)===!1){n.__v!=r.__v&&(s.props=v,s.state=s.__s,s.__d=!1),n.__e=r.__e,n.__k=r.__k,n.__k.some(function(B){B&&(B.__=n)}),ue.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&u.push(s),l=H(r);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(v,s.__s,U),O&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(f,g,b)})}if(s.context=U,s.props=v,s.__P=e,s.__e=!1,F=w.__r,Te=0,O)s.state=s.__s,s.__d=!1,F&&F(n),m=s.render(s.props,s.state,s.context),ue.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,F&&F(n),m=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++Te<25);s.state=s.__s,s.getChildContext!=null&&(o=j(j({},o),s.getChildContext())),O&&!_&&s.getSnapshotBeforeUpdate!=null&&(b=s.getSnapshotBeforeUpdate(f,g)),X=m!=null&&m.type===L&&m.key==null?an(m.props.children):m,l=nn(e,ge(X)?X:[X],n,r,o,a,i,u,l,d,c),s.base=n.__e,n.__u&=-161,s.__h.length&&u.push(s),y&&(s.__E=s.__=null)}catch(B){if(u.length=h,n.__v=null,d||i!=null){if(B.then){for(n.__u|=d?160:128;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;i!=null&&(i[i.indexOf(l)]=null),n.__e=l}else if(i!=null)for(ve=i.length;ve--;)Se(i[ve])}else n.__e=r.__e;n.__k==null&&(n.__k=r.__k||[]),B.then||rn(n),w.__e(B,n,r)}}else i==null&&n.__v==r.__v?(n.__k=r.__k,n.__e=r.__e):l=n.__e=wn(r.__e,n,r,o,a,i,u,d,c);return(m=w.diffed)&&m(n),128&n.__u?void 0:l}function rn(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(rn))}function on(e,n,r){for(var o=0;o<r.length;o++)Oe(r[o],r[++o],r[++o]);w.__c&&w.__c(n,e),e.some(function(a){try{e=a.__h,a.__h=[],e.some(function(i){i.call(a)})}catch(i){w.__e(i,a.__v)}})}function an(e){return typeof e!="object"||e==null||e.__b>0?e:ge(e)?e.map(an):e.constructor!==void 0?null:j({},e)}function wn(e,n,r,o,a,i,u,l,d){var c,m,h,s,_,f,g,b=r.props||ce,y=n.props,v=n.type;if(v=="svg"?a="http://www.w3.org/2000/svg":v=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),i!=null){for(c=0;c<i.length;c++)if((_=i[c])&&"setAttribute"in _==!!v&&(v?_.localName==v:_.nodeType==3)){e=_,i[c]=null;break}}if(e==null){if(v==null)return document.createTextNode(y);e=document.createElementNS(a,v,y.is&&y),l&&(w.__m&&w.__m(n,i),l=!1),i=null}if(v==null)b===y||l&&e.data==y||(e.data=y);else{if(i=v=="textarea"&&y.defaultValue!=null?null:i&&he.call(e.childNodes),!l&&i!=null)for(b={},c=0;c<e.attributes.length;c++)b[(_=e.attributes[c]).name]=_.value;for(c in b)_=b[c],c=="dangerouslySetInnerHTML"?h=_:c=="children"||c in y||c=="value"&&"defaultValue"in y||c=="checked"&&"defaultChecked"in y||ee(e,c,null,_,a);for(c in y)_=y[c],c=="children"?s=_:c=="dangerouslySetInnerHTML"?m=_:c=="value"?f=_:c=="checked"?g=_:l&&typeof _!="function"||b[c]===_||ee(e,c,_,b[c],a);if(m)l||h&&(m.__html==h.__html||m.__html==e.innerHTML)||(e.innerHTML=m.__html),n.__k=[];else if(h&&(e.innerHTML=""),nn(n.type=="template"?e.content:e,ge(s)?s:[s],n,r,o,v=="foreignObject"?"http://www.w3.org/1999/xhtml":a,i,u,i?i[0]:r.__k&&H(r,0),l,d),i!=null)for(c=i.length;c--;)Se(i[c]);l&&v!="textarea"||(c="value",v=="progress"&&f==null?e.removeAttribute("value"):f!=null&&(f!==e[c]||v=="progress"&&!f||v=="option"&&f!=b[c])&&ee(e,c,f,b[c],a),c="checked",g!=null&&g!=e[c]&&ee(e,c,g,b[c],a))}return e}function Oe(e,n,r){try{if(typeof e=="function"){var o=typeof e.__u=="function";o&&e.__u(),o&&n==null||(e.__u=e(n))}else e.current=n}catch(a){w.__e(a,r)}}function sn(e,n,r){var o,a;if(w.unmount&&w.unmount(e),(o=e.ref)&&(o.current&&o.current!=e.__e||Oe(o,null,n)),(o=e.__c)!=null){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(i){w.__e(i,n)}o.base=o.__P=o.__n=null}if(o=e.__k)for(a=0;a<o.length;a++)o[a]&&sn(o[a],n,r||typeof e.type!="function");r||Se(e.__e),e.__c=e.__=e.__e=void 0}function In(e,n,r){return this.constructor(e,r)}function $n(e,n,r){var o,a,i,u;n==document&&(n=document.documentElement),w.__&&w.__(e,n),a=(o=!1)?null:n.__k,i=[],u=[],ze(n,e=n.__k=fn(L,null,[e]),a||ce,ce,n.namespaceURI,a?null:n.firstChild?he.call(n.childNodes):null,i,a?a.__e:n.firstChild,o,u),on(i,e,u),e.props.children=null}he=ue.slice,w={__e:function(e,n,r,o){for(var a,i,u;n=n.__;)if((a=n.__c)&&!a.__)try{if((i=a.constructor)&&i.getDerivedStateFromError!=null&&(a.setState(i.getDerivedStateFromError(e)),u=a.__d),a.componentDidCatch!=null&&(a.componentDidCatch(e,o||{}),u=a.__d),u)return a.__E=a}catch(l){e=l}throw e}},Ye=0,ie.prototype.setState=function(e,n){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=j({},this.state),typeof e=="function"&&(e=e(j({},r),this.props)),e&&j(r,e),e!=null&&this.__v&&(n&&this._sb.push(n),Ae(this))},ie.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),Ae(this))},ie.prototype.render=L,M=[],Qe=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Ze=function(e,n){return e.__v.__b-n.__v.__b},de.__r=0,be=Math.random().toString(8),te="__d"+be,K="__a"+be,Xe=/(PointerCapture)$|Capture$/i,De=0,Ie=Ee(!1),$e=Ee(!0);var kn=0;function t(e,n,r,o,a,i){n||(n={});var u,l,d=n;if("ref"in d)for(l in d={},n)l=="ref"?u=n[l]:d[l]=n[l];var c={type:e,props:d,key:r,ref:u,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--kn,__i:-1,__u:0,__source:a,__self:i};if(typeof e=="function"&&(u=e.defaultProps))for(l in u)d[l]===void 0&&(d[l]=u[l]);return w.vnode&&w.vnode(c),c}var Y,C,ye,Me,Q=0,ln=[],D=w,xe=D.__b,Ue=D.__r,qe=D.diffed,Le=D.__c,He=D.unmount,Be=D.__;function Re(e,n){D.__h&&D.__h(C,e,Q||n),Q=0;var r=C.__H||(C.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function p(e){return Q=1,Cn(dn,e)}function Cn(e,n,r){var o=Re(Y++,2);if(o.t=e,!o.__c&&(o.__=[dn(void 0,n),function(l){var d=o.__N?o.__N[0]:o.__[0],c=o.t(d,l);d!==c&&(o.__N=[c,o.__[1]],o.__c.setState({}))}],o.__c=C,!C.__f)){var a=function(l,d,c){if(!o.__c.__H)return!0;var m=!1,h=o.__c.props!==l;if(o.__c.__H.__.some(function(_){if(_.__N){m=!0;var f=_.__[0];_.__=_.__N,_.__N=void 0,f!==_.__[0]&&(h=!0)}}),i){var s=i.call(this,l,d,c);return m?s||h:s}return!m||h};C.__f=!0;var i=C.shouldComponentUpdate,u=C.componentWillUpdate;C.componentWillUpdate=function(l,d,c){if(this.__e){var m=i;i=void 0,a(l,d,c),i=m}u&&u.call(this,l,d,c)},C.shouldComponentUpdate=a}return o.__N||o.__}function A(e,n){var r=Re(Y++,3);!D.__s&&un(r.__H,n)&&(r.__=e,r.u=n,C.__H.__h.push(r))}function me(e){return Q=5,cn(function(){return{current:e}},[])}function cn(e,n){var r=Re(Y++,7);return un(r.__H,n)&&(r.__=e(),r.__H=n,r.__h=e),r.__}function Dn(e,n){return Q=8,cn(function(){return e},n)}function Sn(){for(var e;e=ln.shift();){var n=e.__H;if(e.__P&&n)try{n.__h.some(oe),n.__h.some(ke),n.__h=[]}catch(r){n.__h=[],D.__e(r,e.__v)}}}D.__b=function(e){C=null,xe&&xe(e)},D.__=function(e,n){e&&n.__k&&n.__k.__m&&(e.__m=n.__k.__m),Be&&Be(e,n)},D.__r=function(e){Ue&&Ue(e),Y=0;var n=(C=e.__c).__H;n&&(ye===C?(n.__h=[],C.__h=[],n.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(n.__h.some(oe),n.__h.some(ke),n.__h=[],Y=0)),ye=C},D.diffed=function(e){qe&&qe(e);var n=e.__c;n&&n.__H&&(n.__H.__h.length&&(ln.push(n)!==1&&Me===D.requestAnimationFrame||((Me=D.requestAnimationFrame)||zn)(Sn)),n.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),ye=C=null},D.__c=function(e,n){n.some(function(r){try{r.__h.some(oe),r.__h=r.__h.filter(function(o){return!o.__||ke(o)})}catch(o){n.some(function(a){a.__h&&(a.__h=[])}),n=[],D.__e(o,r.__v)}}),Le&&Le(e,n)},D.unmount=function(e){He&&He(e);var n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(o){try{oe(o)}catch(a){n=a}}),r.__H=void 0,n&&D.__e(n,r.__v))};var We=typeof requestAnimationFrame=="function";function zn(e){var n,r=function(){clearTimeout(o),We&&cancelAnimationFrame(n),setTimeout(e)},o=setTimeout(r,35);We&&(n=requestAnimationFrame(r))}function oe(e){var n=C,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),C=n}function ke(e){var n=C;e.__c=e.__(),C=n}function un(e,n){return!e||e.length!==n.length||n.some(function(r,o){return r!==e[o]})}function dn(e,n){return typeof n=="function"?n(e):n}const Ce="orgraph.token";let G=sessionStorage.getItem(Ce);function Je(){return G}function pe(e){G=e,e?sessionStorage.setItem(Ce,e):sessionStorage.removeItem(Ce)}class ae extends Error{constructor(n){super(n.map(r=>r.message).join("; ")),this.errors=n}errors;get code(){return this.errors[0]?.code??""}fieldErrors(){const n={};for(const r of this.errors)n[r.field??""]=r.message;return n}}let mn=()=>{};function On(e){mn=e}async function I(e,n){const r={"Content-Type":"application/json"};G&&(r.Authorization=`Bearer ${G}`);let o;try{o=await fetch("/query",{method:"POST",headers:r,body:JSON.stringify({query:e.toString(),variables:n})})}catch{throw new ae([{message:"The server cannot be reached. Check your connection and try again.",code:"NETWORK"}])}let a;try{a=await o.json()}catch{throw new ae([{message:`The server answered ${o.status} without a readable body.`,code:"INTERNAL_SERVER_ERROR"}])}if(a.errors?.length){const i=a.errors.map(u=>({message:u.message,code:u.extensions?.code??"",field:u.extensions?.field}));throw G&&i.some(u=>u.code==="UNAUTHENTICATED")&&(pe(null),mn()),new ae(i)}return a.data}class $ extends String{__apiType;value;__meta__;constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}}const Rn=new $(`
    mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
  }
}
    `),Pn=new $(`
    mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    token
  }
}
    `),Tn=new $(`
    query MyInvitations {
  myInvitations(status: PENDING, first: 50) {
    edges {
      node {
        id
        email
        role
        sentAt
        expiresAt
        organization {
          slug
          name
        }
        invitedBy {
          username
        }
      }
    }
  }
}
    `),jn=new $(`
    mutation AcceptInvitation($key: String!) {
  acceptInvitation(key: $key) {
    id
    role
    organization {
      slug
    }
  }
}
    `),An=new $(`
    mutation DeclineInvitation($key: String!) {
  declineInvitation(key: $key) {
    id
  }
}
    `),Nn=new $(`
    mutation SignOut {
  signOut
}
    `),En=new $(`
    mutation ChangeMemberRole($m: ID!, $role: Role!) {
  changeMemberRole(membershipID: $m, role: $role) {
    id
    role
  }
}
    `),Mn=new $(`
    mutation RemoveMember($m: ID!) {
  removeMember(membershipID: $m) {
    membershipID
  }
}
    `),xn=new $(`
    mutation InviteMember($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    id
  }
}
    `),Un=new $(`
    mutation ResendInvitation($id: ID!) {
  resendInvitation(id: $id) {
    id
  }
}
    `),qn=new $(`
    mutation RevokeInvitation($id: ID!) {
  revokeInvitation(id: $id) {
    id
  }
}
    `),Ln=new $(`
    mutation CreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    id
    slug
  }
}
    `),Hn=new $(`
    query OrganizationSettings($slug: String!) {
  organization(slug: $slug) {
    id
    slug
    name
    description
    viewerRole
    contact {
      email
      phone
      location
    }
    owner {
      username
    }
    viewerCan {
      edit {
        allowed
        reason
      }
      remove {
        allowed
        reason
      }
      seeInvitations {
        allowed
        reason
      }
      invite {
        allowed
        reason
      }
      inviteRoles
      leave {
        allowed
        reason
      }
      transferOwnership {
        allowed
        reason
      }
    }
    members(first: 50) {
      totalCount
      edges {
        node {
          id
          role
          joinedAt
          user {
            id
            username
            email
          }
          invitedBy {
            username
          }
          invitation {
            sentAt
          }
          viewerCan {
            changeRole {
              allowed
              reason
            }
            roles
            remove {
              allowed
              reason
            }
          }
        }
      }
    }
    invitations(status: PENDING, first: 50) {
      totalCount
      edges {
        node {
          id
          email
          role
          sentAt
          expiresAt
          invitedBy {
            username
          }
          viewerCan {
            manage {
              allowed
              reason
            }
          }
        }
      }
    }
  }
}
    `),Bn=new $(`
    mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) {
    id
  }
}
    `),Wn=new $(`
    mutation LeaveOrganization($id: ID!) {
  leaveOrganization(organizationID: $id) {
    membershipID
  }
}
    `),Jn=new $(`
    mutation TransferOwnership($org: ID!, $m: ID!) {
  transferOwnership(organizationID: $org, membershipID: $m) {
    id
  }
}
    `),Fn=new $(`
    query DeletionPreview($slug: String!) {
  organization(slug: $slug) {
    deletionPreview {
      members
      invitations
      projects
      tasks
      jobs
      annotations
      cloudStorages
    }
  }
}
    `),Kn=new $(`
    mutation DeleteOrganization($id: ID!, $slug: String!) {
  deleteOrganization(id: $id, confirmSlug: $slug)
}
    `),Gn=new $(`
    query Session {
  me {
    id
    username
    email
  }
  organizations(first: 100) {
    edges {
      node {
        id
        slug
        name
        viewerRole
      }
    }
  }
}
    `),Vn=new $(`
    query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {
  organization(slug: $slug) @include(if: $inOrg) {
    id
    slug
    name
    viewerRole
    viewerCan {
      createProject {
        allowed
        reason
      }
      createTask {
        allowed
        reason
      }
      createJob {
        allowed
        reason
      }
    }
    members(first: 50) {
      edges {
        node {
          user {
            id
            username
          }
        }
      }
    }
  }
  projects(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        name
        owner {
          username
        }
        assignee {
          username
        }
      }
    }
  }
  tasks(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        name
        project {
          name
        }
        owner {
          username
        }
        assignee {
          username
        }
      }
    }
  }
  jobs(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        stage
        state
        task {
          name
        }
        assignee {
          username
        }
      }
    }
  }
}
    `),Yn=new $(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    id
  }
}
    `),Qn=new $(`
    mutation CreateTask($input: CreateTaskInput!) {
  createTask(input: $input) {
    id
  }
}
    `),Zn=new $(`
    mutation CreateJob($input: CreateJobInput!) {
  createJob(input: $input) {
    id
  }
}
    `),Xn={"\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { token }\n  }\n":Rn,"\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) { token }\n  }\n":Pn,"\n  query MyInvitations {\n    myInvitations(status: PENDING, first: 50) {\n      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }\n    }\n  }\n":Tn,"\n  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }\n":jn,"\n  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }\n":An,"\n  mutation SignOut { signOut }\n":Nn,"\n  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }\n":En,"\n  mutation RemoveMember($m: ID!) { removeMember(membershipID: $m) { membershipID } }\n":Mn,"\n  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }\n":xn,"\n  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }\n":Un,"\n  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }\n":qn,"\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) { id slug }\n  }\n":Ln,"\n  query OrganizationSettings($slug: String!) {\n    organization(slug: $slug) {\n      id slug name description viewerRole\n      contact { email phone location }\n      owner { username }\n      viewerCan {\n        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }\n        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }\n      }\n      members(first: 50) {\n        totalCount\n        edges { node {\n          id role joinedAt\n          user { id username email }\n          invitedBy { username }\n          invitation { sentAt }\n          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }\n        } }\n      }\n      invitations(status: PENDING, first: 50) {\n        totalCount\n        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }\n      }\n    }\n  }\n":Hn,"\n  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {\n    updateOrganization(id: $id, input: $input) { id }\n  }\n":Bn,"\n  mutation LeaveOrganization($id: ID!) { leaveOrganization(organizationID: $id) { membershipID } }\n":Wn,"\n  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }\n":Jn,"\n  query DeletionPreview($slug: String!) {\n    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }\n  }\n":Fn,"\n  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }\n":Kn,"\n  query Session {\n    me { id username email }\n    organizations(first: 100) { edges { node { id slug name viewerRole } } }\n  }\n":Gn,"\n  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {\n    organization(slug: $slug) @include(if: $inOrg) {\n      id slug name viewerRole\n      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }\n      members(first: 50) { edges { node { user { id username } } } }\n    }\n    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }\n    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }\n    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }\n  }\n":Vn,"\n  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }\n":Yn,"\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }\n":Qn,"\n  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }\n":Zn};function k(e){return Xn[e]??{}}const _e=new Set;function E(e,n=!1){n?history.replaceState(null,"",e):history.pushState(null,"",e),_e.forEach(r=>r()),window.scrollTo(0,0)}window.addEventListener("popstate",()=>_e.forEach(e=>e()));function et(){const[,e]=p(0);return A(()=>{const n=()=>e(r=>r+1);return _e.add(n),n(),()=>{_e.delete(n)}},[]),{path:location.pathname,query:new URLSearchParams(location.search)}}function se(e){return e?`/orgs/${encodeURIComponent(e)}/work`:"/work"}function Fe(e){return A(()=>E(e.to,!0),[e.to]),null}function N(e){return t("a",{href:e.href,class:e.class,onClick:n=>{n.ctrlKey||n.metaKey||n.shiftKey||n.button!==0||(n.preventDefault(),E(e.href))},children:e.children})}let nt=0;function Pe(e){const n=me();return n.current||(n.current=`${e}-${++nt}`),n.current}function S(e){const n=Pe("f"),r=[e.hint?`${n}-hint`:"",e.error?`${n}-err`:""].filter(Boolean).join(" ")||void 0,o={id:n,name:e.name,value:e.value,required:e.required,disabled:e.disabled,"aria-invalid":e.error?!0:void 0,"aria-describedby":r,onInput:a=>e.onInput(a.currentTarget.value)};return t("div",{class:"field",children:[t("label",{for:n,children:[e.label,e.required?t("span",{"aria-hidden":"true",children:" *"}):null]}),e.multiline?t("textarea",{rows:3,...o}):t("input",{type:e.type??"text",autocomplete:e.autocomplete,...o}),e.hint?t("p",{class:"hint",id:`${n}-hint`,children:e.hint}):null,e.error?t("p",{class:"error",id:`${n}-err`,children:e.error}):null]})}function z(e){if(!e.error)return null;const n=e.error instanceof Error?e.error.message:String(e.error);return t("p",{class:"error",role:"alert",children:n})}function W(e){return t("p",{class:"muted",role:"status",children:["Loading ",e.what,"…"]})}function V(e){return t("p",{class:"empty",children:e.children})}function q(e){return e.reason?t("p",{class:"reason",children:e.reason}):null}function fe(e,n){const[r,o]=p(null),[a,i]=p(null),[u,l]=p(0);A(()=>{let c=!0;return i(null),e().then(m=>c&&o(m),m=>c&&i(m)),()=>{c=!1}},[...n,u]);const d=Dn(()=>l(c=>c+1),[]);return{data:r,error:a,reload:d}}function T(){const[e,n]=p(!1),[r,o]=p(null),a=async u=>{n(!0),o(null);try{return await u(),!0}catch(l){return o(l),!1}finally{n(!1)}},i=r instanceof ae?r.fieldErrors():{};return{busy:e,error:r,fields:i,run:a,setError:o}}function le(e){const n=me(null),r=Pe("dlg");return A(()=>{const o=n.current;o&&(e.open&&!o.open&&o.showModal(),!e.open&&o.open&&o.close())},[e.open]),t("dialog",{ref:n,"aria-labelledby":r,onClose:e.onClose,onCancel:e.onClose,children:[t("h2",{id:r,children:e.title}),e.open?e.children:null]})}function x(e){return e?new Date(e).toLocaleString("en-GB",{dateStyle:"medium",timeStyle:"short",timeZone:"UTC"})+" UTC":"—"}const P={OWNER:"Owner",MAINTAINER:"Maintainer",SUPERVISOR:"Supervisor",WORKER:"Worker"},tt=k(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { token }
  }
`),rt=k(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { token }
  }
`);function _n(e){return e&&e.startsWith("/")&&!e.startsWith("//")?e:"/work"}function hn(e,n){return n?`${e}?next=${encodeURIComponent(n)}`:e}function it(e){const[n,r]=p(""),[o,a]=p(e.email??""),[i,u]=p(""),l=T();return t("main",{class:"narrow",children:[t("h1",{children:"Create your account"}),t("form",{onSubmit:c=>{c.preventDefault(),l.run(async()=>{const m=await I(tt,{input:{username:n,email:o,password:i}});pe(m.signUp.token),e.onSignedIn(),E(_n(e.next),!0)})},noValidate:!0,children:[t(S,{label:"Username",value:n,onInput:r,required:!0,autocomplete:"username",error:l.fields.username,hint:"Letters, digits and . @ + - _"}),t(S,{label:"Email",type:"email",value:o,onInput:a,required:!0,autocomplete:"email",error:l.fields.email}),t(S,{label:"Password",type:"password",value:i,onInput:u,required:!0,autocomplete:"new-password",error:l.fields.password,hint:"8 to 128 characters"}),l.error&&!l.fields.username&&!l.fields.email&&!l.fields.password?t(z,{error:l.error}):null,t("button",{type:"submit",class:"primary",disabled:l.busy,children:l.busy?"Creating…":"Sign up"})]}),t("p",{children:["Already have an account? ",t(N,{href:hn("/signin",e.next),children:"Sign in"})]})]})}function ot(e){const[n,r]=p(""),[o,a]=p(""),i=T();return t("main",{class:"narrow",children:[t("h1",{children:"Sign in to Orgraph"}),t("form",{onSubmit:l=>{l.preventDefault(),i.run(async()=>{const d=await I(rt,{input:{login:n,password:o}});pe(d.signIn.token),e.onSignedIn(),E(_n(e.next),!0)})},noValidate:!0,children:[t(S,{label:"Username or email",value:n,onInput:r,required:!0,autocomplete:"username",error:i.fields.login}),t(S,{label:"Password",type:"password",value:o,onInput:a,required:!0,autocomplete:"current-password",error:i.fields.password}),i.error&&!i.fields.login&&!i.fields.password?t(z,{error:i.error}):null,t("button",{type:"submit",class:"primary",disabled:i.busy,children:i.busy?"Signing in…":"Sign in"})]}),t("p",{children:["New here? ",t(N,{href:hn("/signup",e.next),children:"Create an account"})]})]})}const Z="orgraph.invitationKey",gn=k(`
  query MyInvitations {
    myInvitations(status: PENDING, first: 50) {
      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }
    }
  }
`),at=k(`
  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }
`),st=k(`
  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }
`);function lt(){const n=new URLSearchParams(location.search).get("key");return n&&(sessionStorage.setItem(Z,n),history.replaceState(null,"","/invitations/accept")),sessionStorage.getItem(Z)}function ct(e){const[n]=p(lt);if(!n)return t("main",{class:"narrow",children:[t("h1",{children:"Accept an invitation"}),t("p",{children:"This link has no invitation key. Use the link from your invitation email."})]});if(!e.signedIn){const r=encodeURIComponent("/invitations/accept");return t("main",{class:"narrow",children:[t("h1",{children:"You are invited to an organization"}),t("p",{children:"Sign in, or create an account, with the email address the invitation was sent to. You can then see who invites you and accept or decline."}),t("div",{class:"row",children:[t(N,{href:`/signup?next=${r}`,class:"button primary",children:"Create an account"}),t(N,{href:`/signin?next=${r}`,class:"button",children:"Sign in"})]})]})}return t(ut,{key_:n,me:e.me,onChanged:e.onChanged})}function ut(e){const n=fe(()=>I(gn),[]),r=T(),[o,a]=p(!1),i=(n.data?.myInvitations.edges??[]).flatMap(d=>d?.node?[d.node]:[]),u=()=>r.run(async()=>{const d=await I(at,{key:e.key_});sessionStorage.removeItem(Z),e.onChanged(),E(se(d.acceptInvitation.organization.slug))}),l=()=>r.run(async()=>{await I(st,{key:e.key_}),sessionStorage.removeItem(Z),a(!0)});return o?t("main",{class:"narrow",children:[t("h1",{children:"Invitation declined"}),t("p",{children:t(N,{href:"/work",children:"Go to your workspace"})})]}):t("main",{class:"narrow",children:[t("h1",{children:"Your invitation"}),n.error?t(z,{error:n.error}):n.data?i.length===0?t("p",{children:["No pending invitation is addressed to ",e.me?.email??"your email",". If the invitation went to another address, sign out and sign in with that one."]}):t("ul",{class:"cards","aria-label":"Invitations to you",children:i.map(d=>t("li",{class:"card",children:[t("strong",{children:d.organization?.name??"An organization"})," (",d.organization?.slug,") invites you as ",t("strong",{children:P[d.role]}),t("p",{class:"muted",children:["Sent by ",d.invitedBy?.username??"—"," on ",x(d.sentAt),"; expires ",x(d.expiresAt),"."]})]}))}):t(W,{what:"your invitations"}),t(z,{error:r.error}),t("div",{class:"row",children:[t("button",{type:"button",class:"primary",disabled:r.busy,onClick:u,children:"Accept invitation"}),t("button",{type:"button",disabled:r.busy,onClick:l,children:"Decline"})]})]})}function dt(e){const n=fe(()=>I(gn),[]),[r,o]=p(null);A(()=>o(sessionStorage.getItem(Z)),[]);const a=(n.data?.myInvitations.edges??[]).flatMap(i=>i?.node?[i.node]:[]);return t("main",{children:[t("h1",{children:"My invitations"}),t("p",{class:"hint",children:"Accept or decline an invitation from the link in its email: the link carries the key that proves the mailbox is yours."}),r?t("p",{children:t(N,{href:"/invitations/accept",class:"button primary",children:"Answer the invitation of your link"})}):null,n.error?t(z,{error:n.error}):n.data?a.length===0?t(V,{children:"No pending invitations."}):t("ul",{class:"cards","aria-label":"Pending invitations to you",children:a.map(i=>t("li",{class:"card",children:[t("strong",{children:i.organization?.slug})," (",i.organization?.name,") as ",P[i.role],t("p",{class:"muted",children:["Sent to ",i.email," by ",i.invitedBy?.username??"—"," on ",x(i.sentAt),"; expires ",x(i.expiresAt),"."]})]}))}):t(W,{what:"your invitations"})]})}function Ke(e){const[n,r]=p(!1),o=Pe("menu"),a=me(null),i=me(null);A(()=>{if(!n)return;const c=h=>{a.current&&!a.current.contains(h.target)&&r(!1)},m=h=>{h.key==="Escape"&&(r(!1),i.current?.focus())};return document.addEventListener("click",c),document.addEventListener("keydown",m),a.current?.querySelector("a, button:not([aria-haspopup])")?.focus(),()=>{document.removeEventListener("click",c),document.removeEventListener("keydown",m)}},[n]);const u=c=>{r(!1),E(c)},l=(c,m,h=!1)=>t("li",{children:t("a",{href:m,"aria-current":h?"page":void 0,onClick:s=>{s.preventDefault(),u(m)},children:c})}),d=e.current??"Personal workspace";return t("header",{class:"top",children:[t(N,{href:se(e.current),class:"brand",children:"Orgraph"}),t("span",{class:"workspace","aria-label":"Current workspace",children:d}),t("div",{class:"usermenu",ref:a,children:[t("button",{ref:i,type:"button","aria-haspopup":"true","aria-expanded":n,"aria-controls":o,onClick:()=>r(!n),children:[e.session.me.username," ",t("span",{"aria-hidden":"true",children:"▾"})]}),t("nav",{id:o,hidden:!n,"aria-label":"User menu",class:"menu",children:[t("p",{class:"menuhead",children:"Workspace"}),t("ul",{children:[l("Personal workspace",se(null),e.current===null),e.orgs.map(c=>l(c.slug,se(c.slug),e.current===c.slug))]}),t("p",{class:"menuhead",children:"Organization"}),t("ul",{children:[l("Create","/orgs/new"),e.current?l("Settings",`/orgs/${encodeURIComponent(e.current)}/settings`):null]}),t("ul",{children:[l("My invitations","/invitations"),t("li",{children:t("a",{href:"/graphiql",children:"GraphiQL"})}),t("li",{children:t("button",{type:"button",class:"linklike",onClick:e.onSignOut,children:"Sign out"})})]})]})]})]})}const mt=k(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) { id slug }
  }
`),_t=["slug","name","description","contact.email","contact.phone","contact.location"];function ht(e){const[n,r]=p(""),[o,a]=p(""),[i,u]=p(""),[l,d]=p(""),[c,m]=p(""),[h,s]=p(""),_=T(),f=b=>{b.preventDefault(),_.run(async()=>{const y=await I(mt,{input:{slug:n,name:o,description:i,contact:{email:l,phone:c,location:h}}});e.onCreated(),E(`/orgs/${encodeURIComponent(y.createOrganization.slug)}/settings`)})},g=_.error&&!_t.some(b=>_.fields[b]);return t("main",{class:"narrow",children:[t("h1",{children:"Create an organization"}),t("form",{onSubmit:f,noValidate:!0,children:[t(S,{label:"Short name",value:n,onInput:r,required:!0,error:_.fields.slug,hint:"1 to 16 letters, digits, - or _; it names the workspace"}),t(S,{label:"Full name",value:o,onInput:a,error:_.fields.name,hint:"Up to 64 characters; the short name if empty"}),t(S,{label:"Description",value:i,onInput:u,multiline:!0,error:_.fields.description}),t("fieldset",{children:[t("legend",{children:"Contacts"}),t(S,{label:"Email",type:"email",value:l,onInput:d,error:_.fields["contact.email"]}),t(S,{label:"Phone number",type:"tel",value:c,onInput:m,error:_.fields["contact.phone"],hint:"+, digits, spaces and dashes"}),t(S,{label:"Location",value:h,onInput:s,error:_.fields["contact.location"]})]}),g?t(z,{error:_.error}):null,t("button",{type:"submit",class:"primary",disabled:_.busy,children:_.busy?"Creating…":"Create organization"})]})]})}const gt=k(`
  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }
`),pt=k(`
  mutation RemoveMember($m: ID!) { removeMember(membershipID: $m) { membershipID } }
`),ft=k(`
  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }
`),vt=k(`
  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }
`),bt=k(`
  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }
`);function yt(e){const n=(e.org.members.edges??[]).flatMap(a=>a?.node?[a.node]:[]),r=T(),o=a=>r.run(a).then(i=>i&&e.onChanged());return t("section",{"aria-labelledby":"members-h",children:[t("h2",{id:"members-h",children:["Members (",e.org.members.totalCount,")"]}),t(z,{error:r.error}),t("ul",{class:"cards","aria-label":"Members",children:n.map(a=>t("li",{class:"card","data-member":a.user.username,children:[t("div",{children:[t("strong",{children:a.user.username}),a.user.id===e.me.id?t("span",{class:"muted",children:" (you)"}):null,a.user.email?t("span",{class:"muted",children:[" · ",a.user.email]}):null]}),t("dl",{class:"facts",children:[t("dt",{children:"Role"}),t("dd",{children:P[a.role]}),t("dt",{children:"Invited by"}),t("dd",{children:a.invitedBy?.username??"—"}),t("dt",{children:"Invited"}),t("dd",{children:a.invitation?x(a.invitation.sentAt):"—"}),t("dt",{children:"Joined"}),t("dd",{children:x(a.joinedAt)})]}),t("div",{class:"row",children:[a.viewerCan.changeRole.allowed?t("label",{children:["Change role"," ",t("select",{"aria-label":`Role of ${a.user.username}`,value:a.role,disabled:r.busy,onChange:i=>o(()=>I(gt,{m:a.id,role:i.currentTarget.value})),children:[t("option",{value:a.role,children:P[a.role]}),a.viewerCan.roles.map(i=>t("option",{value:i,children:P[i]}))]})]}):null,a.viewerCan.remove.allowed?t("button",{type:"button",class:"destructive",disabled:r.busy,onClick:()=>confirm(`Remove ${a.user.username} from ${e.org.slug}?`)&&o(()=>I(pt,{m:a.id})),children:["Remove ",a.user.username]}):null]})]}))})]})}function wt(e){const n=e.org.viewerCan,[r,o]=p(!1),a=T(),i=(e.org.invitations.edges??[]).flatMap(l=>l?.node?[l.node]:[]),u=l=>a.run(l).then(d=>d&&e.onChanged());return t("section",{"aria-labelledby":"inv-h",children:[t("h2",{id:"inv-h",children:"Pending invitations"}),t("div",{class:"row",children:[t("button",{type:"button",class:"primary",disabled:!n?.invite.allowed,onClick:()=>o(!0),children:"Invite members"}),t(q,{reason:n?.invite.reason})]}),n?.seeInvitations.allowed?i.length===0?t(V,{children:"No pending invitations."}):t("ul",{class:"cards","aria-label":"Pending invitations",children:i.map(l=>t("li",{class:"card","data-invitation":l.email,children:[t("strong",{children:l.email})," as ",P[l.role],t("p",{class:"muted",children:["Sent by ",l.invitedBy?.username??"—"," on ",x(l.sentAt),", expires ",x(l.expiresAt)]}),l.viewerCan.manage.allowed?t("div",{class:"row",children:[t("button",{type:"button",disabled:a.busy,onClick:()=>u(()=>I(vt,{id:l.id})),children:["Resend to ",l.email]}),t("button",{type:"button",class:"destructive",disabled:a.busy,onClick:()=>u(()=>I(bt,{id:l.id})),children:["Revoke ",l.email]})]}):t(q,{reason:l.viewerCan.manage.reason})]}))}):t(q,{reason:n?.seeInvitations.reason}),t(z,{error:a.error}),t(It,{org:e.org,open:r,onClose:()=>o(!1),onInvited:e.onChanged})]})}function It(e){const n=e.org.viewerCan?.inviteRoles??[],[r,o]=p(""),[a,i]=p("WORKER"),[u,l]=p([]),d=T(),c=m=>{m.preventDefault();const h=r.split(/[\s,;]+/).filter(Boolean);d.run(async()=>{if(h.length===0)throw new Error("Enter at least one email address.");const s=[];for(const _ of h)try{await I(ft,{input:{organizationID:e.org.id,email:_,role:a}}),s.push({email:_})}catch(f){s.push({email:_,error:f.message})}l(s),e.onInvited(),s.every(_=>!_.error)&&(o(""),e.onClose())})};return t(le,{title:"Invite members",open:e.open,onClose:e.onClose,children:t("form",{onSubmit:c,noValidate:!0,children:[t(S,{label:"Email addresses",value:r,onInput:o,multiline:!0,hint:"One or several, separated by commas, spaces or new lines"}),t("div",{class:"field",children:[t("label",{for:"invite-role",children:"Role"}),t("select",{id:"invite-role",value:a,onChange:m=>i(m.currentTarget.value),children:n.map(m=>t("option",{value:m,children:P[m]}))})]}),u.some(m=>m.error)?t("ul",{class:"error",role:"alert",children:u.map(m=>t("li",{children:[m.email,": ",m.error??"invited"]}))}):null,t(z,{error:d.error}),t("div",{class:"row",children:[t("button",{type:"submit",class:"primary",disabled:d.busy,children:d.busy?"Inviting…":"Invite"}),t("button",{type:"button",onClick:e.onClose,children:"Cancel"})]})]})})}const $t=k(`
  query OrganizationSettings($slug: String!) {
    organization(slug: $slug) {
      id slug name description viewerRole
      contact { email phone location }
      owner { username }
      viewerCan {
        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }
        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }
      }
      members(first: 50) {
        totalCount
        edges { node {
          id role joinedAt
          user { id username email }
          invitedBy { username }
          invitation { sentAt }
          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }
        } }
      }
      invitations(status: PENDING, first: 50) {
        totalCount
        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }
      }
    }
  }
`),kt=k(`
  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
    updateOrganization(id: $id, input: $input) { id }
  }
`),Ct=k(`
  mutation LeaveOrganization($id: ID!) { leaveOrganization(organizationID: $id) { membershipID } }
`),Dt=k(`
  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }
`),St=k(`
  query DeletionPreview($slug: String!) {
    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }
  }
`),zt=k(`
  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }
`);function Ot(e){const n=fe(()=>I($t,{slug:e.slug}),[e.slug]);if(n.error)return t("main",{children:[t("h1",{children:"Organization settings"}),t(z,{error:n.error})]});const r=n.data?.organization;if(!r)return t("main",{children:t(W,{what:"the organization"})});const o=()=>{n.reload(),e.onChanged()};return t("main",{children:[t("h1",{children:[r.name," ",t("span",{class:"muted",children:["(",r.slug,")"]})]}),t("p",{children:["Your role: ",t("strong",{children:r.viewerRole?P[r.viewerRole]:"not a member"}),". Owner: ",r.owner?.username,"."]}),t(Rt,{org:r,onSaved:o}),t(yt,{org:r,me:e.me,onChanged:o}),t(wt,{org:r,onChanged:o}),t(Pt,{org:r,me:e.me,onChanged:o})]})}function Rt(e){const{org:n}=e,r=n.viewerCan?.edit,[o,a]=p(n.name),[i,u]=p(n.description??""),[l,d]=p(n.contact?.email??""),[c,m]=p(n.contact?.phone??""),[h,s]=p(n.contact?.location??""),[_,f]=p(!1),g=T(),b=v=>{v.preventDefault(),f(!1),g.run(async()=>{await I(kt,{id:n.id,input:{name:o,description:i,contact:{email:l,phone:c,location:h}}}),f(!0),e.onSaved()}).then(()=>{})},y=!r?.allowed;return t("section",{"aria-labelledby":"details-h",children:[t("h2",{id:"details-h",children:"Details and contacts"}),t(q,{reason:r?.reason}),t("form",{onSubmit:b,noValidate:!0,children:[t(S,{label:"Full name",value:o,onInput:a,disabled:y,error:g.fields.name}),t(S,{label:"Description",value:i,onInput:u,multiline:!0,disabled:y,error:g.fields.description}),t(S,{label:"Contact email",type:"email",value:l,onInput:d,disabled:y,error:g.fields["contact.email"]}),t(S,{label:"Phone number",type:"tel",value:c,onInput:m,disabled:y,error:g.fields["contact.phone"]}),t(S,{label:"Location",value:h,onInput:s,disabled:y,error:g.fields["contact.location"]}),g.error&&!Object.keys(g.fields).some(v=>v)?t(z,{error:g.error}):null,y?null:t("button",{type:"submit",disabled:g.busy,children:g.busy?"Saving…":"Save details"}),_?t("p",{role:"status",children:"Saved."}):null]})]})}function Pt(e){const{org:n}=e,r=n.viewerCan,[o,a]=p(""),[i,u]=p(""),[l,d]=p(""),[c,m]=p(null),h=T(),s=(n.members.edges??[]).flatMap(g=>g?.node&&g.node.user.id!==e.me.id?[g.node]:[]);A(()=>{o==="remove"&&(m(null),I(St,{slug:n.slug}).then(g=>{const b=g.organization?.deletionPreview;if(b){const{__typename:y,...v}=b;m(v)}},g=>h.setError(g)))},[o]);const _=()=>{a(""),d(""),h.setError(null)},f=()=>{_(),e.onChanged(),E("/work")};return t("section",{"aria-labelledby":"danger-h",class:"danger",children:[t("h2",{id:"danger-h",children:"Leave, transfer, remove"}),t("div",{class:"row",children:[t("button",{type:"button",disabled:!r?.leave.allowed,onClick:()=>a("leave"),children:"Leave organization"}),t(q,{reason:r?.leave.reason})]}),r?.transferOwnership.allowed?t("div",{class:"row",children:t("button",{type:"button",onClick:()=>a("transfer"),children:"Transfer ownership"})}):null,r?.remove.allowed?t("div",{class:"row",children:t("button",{type:"button",class:"destructive",onClick:()=>a("remove"),children:"Remove organization"})}):t(q,{reason:r?.remove.reason}),t(le,{title:`Leave ${n.slug}?`,open:o==="leave",onClose:_,children:[t("p",{children:"You lose access to its work. Someone must invite you again to come back."}),t(z,{error:h.error}),t("div",{class:"row",children:[t("button",{type:"button",class:"destructive",disabled:h.busy,onClick:()=>h.run(()=>I(Ct,{id:n.id})).then(g=>g&&f()),children:"Leave"}),t("button",{type:"button",onClick:_,children:"Cancel"})]})]}),t(le,{title:"Transfer ownership",open:o==="transfer",onClose:_,children:t("form",{onSubmit:g=>{g.preventDefault(),h.run(()=>I(Dt,{org:n.id,m:i})).then(b=>{b&&(_(),e.onChanged())})},children:[t("div",{class:"field",children:[t("label",{for:"transfer-to",children:"New owner"}),t("select",{id:"transfer-to",value:i,onChange:g=>u(g.currentTarget.value),required:!0,children:[t("option",{value:"",children:"Choose a member"}),s.map(g=>t("option",{value:g.id,children:[g.user.username," (",P[g.role],")"]}))]})]}),t("p",{children:"You become a maintainer."}),t(z,{error:h.error}),t("div",{class:"row",children:[t("button",{type:"submit",class:"primary",disabled:h.busy||!i,children:"Transfer"}),t("button",{type:"button",onClick:_,children:"Cancel"})]})]})}),t(le,{title:`Remove ${n.slug}?`,open:o==="remove",onClose:_,children:[c?t(L,{children:[t("p",{children:"This deletes the organization and everything in it, for good:"}),t("ul",{class:"preview","aria-label":"What will be deleted",children:Object.entries(c).map(([g,b])=>t("li",{children:[t("strong",{children:b})," ",Tt[g]??g]}))})]}):h.error?null:t(W,{what:"what will be deleted"}),t("form",{onSubmit:g=>{g.preventDefault(),h.run(()=>I(zt,{id:n.id,slug:l})).then(b=>b&&f())},children:[t(S,{label:`Type the short name (${n.slug}) to confirm`,value:l,onInput:d,error:h.fields.confirmSlug}),h.error&&!h.fields.confirmSlug?t(z,{error:h.error}):null,t("div",{class:"row",children:[t("button",{type:"submit",class:"destructive",disabled:h.busy||l!==n.slug,children:"Remove organization"}),t("button",{type:"button",onClick:_,children:"Cancel"})]})]})]})]})}const Tt={members:"members",invitations:"invitations",projects:"projects",tasks:"tasks",jobs:"jobs",annotations:"annotations",cloudStorages:"cloud storages"},jt=k(`
  query Session {
    me { id username email }
    organizations(first: 100) { edges { node { id slug name viewerRole } } }
  }
`);async function At(){return I(jt)}function Ge(e){return(e?.organizations.edges??[]).flatMap(n=>n?.node?[n.node]:[])}const Nt=k(`
  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {
    organization(slug: $slug) @include(if: $inOrg) {
      id slug name viewerRole
      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }
      members(first: 50) { edges { node { user { id username } } } }
    }
    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }
    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }
    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }
  }
`),Et=k(`
  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }
`),Mt=k(`
  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }
`),xt=k(`
  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }
`),ne=e=>(e.edges??[]).flatMap(n=>n?.node?[n.node]:[]);function Ve(e){const n={org:e.slug,slug:e.slug??"",inOrg:e.slug!==null},r=fe(()=>I(Nt,n),[e.slug]),o=e.slug?`Work in ${e.slug}`:"Personal workspace";if(r.error)return t("main",{children:[t("h1",{children:o}),t(z,{error:r.error})]});if(!r.data)return t("main",{children:[t("h1",{children:o}),t(W,{what:"the work"})]});const a=r.data,i=a.organization??null,u={allowed:!0},l=i?.viewerCan??{createProject:u,createTask:u,createJob:u},d=i?ne(i.members).map(s=>s.user):[e.me],c=ne(a.projects),m=ne(a.tasks),h=ne(a.jobs);return t("main",{children:[t("h1",{children:o}),i?t("p",{children:["Your role: ",t("strong",{children:i.viewerRole?P[i.viewerRole]:"—"}),". ",t(N,{href:`/orgs/${encodeURIComponent(i.slug)}/settings`,children:"Organization settings"})]}):t("p",{class:"hint",children:"Work here is yours alone."}),t("div",{class:"columns",children:[t("section",{"aria-labelledby":"projects-h",children:[t("h2",{id:"projects-h",children:["Projects (",a.projects.totalCount,")"]}),c.length?t("ul",{class:"cards","aria-label":"Projects",children:c.map(s=>t("li",{class:"card",children:[t("strong",{children:s.name}),t("p",{class:"muted",children:["owner ",s.owner?.username??"—",", assignee ",s.assignee?.username??"none"]})]}))}):t(V,{children:"No projects you can see."}),t(we,{kind:"project",perm:l.createProject,people:d,orgID:i?.id??null,onDone:r.reload})]}),t("section",{"aria-labelledby":"tasks-h",children:[t("h2",{id:"tasks-h",children:["Tasks (",a.tasks.totalCount,")"]}),m.length?t("ul",{class:"cards","aria-label":"Tasks",children:m.map(s=>t("li",{class:"card","data-task":s.name,children:[t("strong",{children:s.name}),t("p",{class:"muted",children:["project ",s.project?.name??"—",", owner ",s.owner?.username??"—",", assignee ",s.assignee?.username??"none"]})]}))}):t(V,{children:"No tasks you can see."}),t(we,{kind:"task",perm:l.createTask,people:d,orgID:i?.id??null,parents:c,onDone:r.reload})]}),t("section",{"aria-labelledby":"jobs-h",children:[t("h2",{id:"jobs-h",children:["Jobs (",a.jobs.totalCount,")"]}),h.length?t("ul",{class:"cards","aria-label":"Jobs",children:h.map(s=>t("li",{class:"card",children:[t("strong",{children:["Job of ",s.task?.name??"a task"]}),t("p",{class:"muted",children:[s.stage," · ",s.state," · assignee ",s.assignee?.username??"none"]})]}))}):t(V,{children:"No jobs you can see."}),t(we,{kind:"job",perm:l.createJob,people:d,orgID:i?.id??null,parents:m,onDone:r.reload})]})]})]})}function we(e){const[n,r]=p(""),[o,a]=p(""),[i,u]=p(""),l=T(),{kind:d}=e;if(!e.perm.allowed)return t(q,{reason:e.perm.reason});const c=h=>{h.preventDefault();const s=i||null;l.run(async()=>{d==="project"?await I(Et,{input:{name:n,organizationID:e.orgID,assigneeID:s}}):d==="task"?await I(Mt,{input:{name:n,organizationID:o?null:e.orgID,projectID:o||null,assigneeID:s}}):await I(xt,{input:{taskID:o,assigneeID:s}}),r(""),u(""),e.onDone()})},m=`new-${d}`;return t("form",{class:"create",onSubmit:c,noValidate:!0,"aria-label":`New ${d}`,children:[t("h3",{children:["New ",d]}),d!=="job"?t(S,{label:`${d==="task"?"Task":"Project"} name`,value:n,onInput:r,required:!0,error:l.fields.name}):null,e.parents?t("div",{class:"field",children:[t("label",{for:`${m}-parent`,children:d==="task"?"Project":"Task"}),t("select",{id:`${m}-parent`,value:o,onChange:h=>a(h.currentTarget.value),children:[t("option",{value:"",children:d==="task"?"No project":"Choose a task"}),e.parents.map(h=>t("option",{value:h.id,children:h.name}))]})]}):null,t("div",{class:"field",children:[t("label",{for:`${m}-assignee`,children:"Assignee"}),t("select",{id:`${m}-assignee`,value:i,onChange:h=>u(h.currentTarget.value),children:[t("option",{value:"",children:"Nobody"}),e.people.map(h=>t("option",{value:h.id,children:h.username}))]})]}),t(z,{error:l.error&&!l.fields.name?l.error:null}),t("button",{type:"submit",disabled:l.busy||d==="job"&&!o,children:["Create ",d]})]})}const Ut=k(`
  mutation SignOut { signOut }
`),qt=new Set(["/signin","/signup","/invitations/accept"]);function Lt(){const e=et(),[n,r]=p(null),[o,a]=p(null),[i,u]=p(Je()!==null),l=()=>{Je()&&At().then(r,a)};A(()=>{On(()=>{u(!1),r(null)}),l()},[]);const d=()=>{u(!0),l()},c=async()=>{try{await I(Ut)}catch{}pe(null),u(!1),r(null),E("/signin")},{path:m,query:h}=e;if(A(()=>{document.title="Orgraph"},[m]),m==="/invitations/accept")return t(L,{children:[n?t(Ke,{session:n,orgs:Ge(n),current:null,onSignOut:c}):null,t(ct,{signedIn:i,me:n?.me??null,onChanged:l,onSignedIn:d})]});if(!i){const g=h.get("next");return m==="/signup"?t(it,{next:g,email:h.get("email")??void 0,onSignedIn:d}):qt.has(m)?t(ot,{next:g,onSignedIn:d}):t(Fe,{to:m==="/"?"/signin":`/signin?next=${encodeURIComponent(m+location.search)}`})}if(m==="/signin"||m==="/signup"||m==="/")return t(Fe,{to:h.get("next")??"/work"});if(o)return t(z,{error:o});if(!n)return t(W,{what:"your account"});const s=/^\/orgs\/([^/]+)\/(work|settings)$/.exec(m),_=s?decodeURIComponent(s[1]):null;let f;return m==="/work"?f=t(Ve,{slug:null,me:n.me},"personal"):s?.[2]==="work"?f=t(Ve,{slug:_,me:n.me},_):s?.[2]==="settings"?f=t(Ot,{slug:_,me:n.me,onChanged:l},_):m==="/orgs/new"?f=t(ht,{onCreated:l}):m==="/invitations"?f=t(dt,{onChanged:l}):f=t("main",{children:[t("h1",{children:"Page not found"}),t("p",{children:t(N,{href:"/work",children:"Go to your personal workspace"})})]}),t(L,{children:[t("a",{class:"skip",href:"#main",children:"Skip to content"}),t(Ke,{session:n,orgs:Ge(n),current:_,onSignOut:c}),t("div",{id:"main",tabIndex:-1,children:f})]})}$n(t(Lt,{}),document.getElementById("app"));
